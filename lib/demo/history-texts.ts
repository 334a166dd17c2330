/**
 * What the simulated conversations say (lib/demo/simulate-history.ts): customer questions are the real in-domain ones
 * of the retrieval fixture; the bot's, agents' and customers' other turns are short and plausible, per support flow.
 */
import retrievalQuestions from "@/lib/agent/fixtures/retrieval-questions.json";

/** A customer question with its expected answer (`"<flow> — …"`). */
export type Question = { question: string; expected: string };
export const QUESTIONS = retrievalQuestions as Question[];

/** The bot's first reply per flow: asks for what it needs. */
export const BOT_FIRST: Record<string, string[]> = {
  "Product Defect": [
    "I'm sorry to hear that! I can help you with a return or refund. Could you share your full name or account ID, and the order ID?",
    "Sorry about that item. To start the return I'll need your account ID or full name, your email address and the order ID.",
  ],
  "Order Issue": [
    "I can look into that order for you. Could you send me your order ID and the email address on your account?",
    "Happy to help with your order. Please share the order ID and your username so I can pull it up.",
  ],
  "Account Access": [
    "No problem, I can help you get back into your account. Could you confirm your full name and the email address you signed up with?",
    "Let's get you signed in again. Please share your full name and the phone number or email on the account.",
  ],
  "Troubleshoot Site": [
    "Sorry the website is giving you trouble. Could you try logging out and back in, then clearing your browser cache?",
    "Thanks for letting us know. Could you tell me which browser you're using, and try refreshing the page once more?",
  ],
  "Manage Account": [
    "I can help with your account details. Could you share your account ID and the order ID it relates to?",
    "Sure, I can update that for you. Please confirm your full name and account ID first.",
  ],
  "Purchase Dispute": [
    "I understand, let me check that for you. Could you share the order ID and your membership level?",
    "Thanks for flagging this. Promotions usually run for 7 days — could you tell me when you received the code and the order ID?",
  ],
  "Shipping Issue": [
    "Let me check on your shipment. Could you send me the order ID and your username?",
    "I can help with that delivery. Please share the order ID and the shipping address on the order.",
  ],
  "Subscription Inquiry": [
    "I can check your subscription. Could you share your account ID and the email address on the account?",
    "Happy to help with your membership. Please confirm your full name and account ID.",
  ],
  "Single-Item Query": [
    "Good question! Could you tell me which item you're looking at, or share the product link?",
    "I can help with that product. Which colour and size are you interested in?",
  ],
  "Storewide Query": [
    "Good question! Are you asking about an order you already placed, or before buying?",
    "Happy to explain. Is this about your membership, or about a specific purchase?",
  ],
};
/** The bot's follow-up per flow, once the customer gave the details: does the thing. */
export const BOT_NEXT: Record<string, string[]> = {
  "Product Defect": [
    "Thank you. I've started the refund for that item; you'll get an email with the return label within a few minutes.",
    "All set — your return is registered. Please pack the item with its tags and drop it at any partner courier point.",
  ],
  "Order Issue": [
    "Thanks, I found the order and updated it. You'll receive a confirmation email shortly.",
    "Done — the change is saved on your order. Is there anything else I can help with?",
  ],
  "Account Access": [
    "Thanks! I've sent a reset link to your email address. It stays valid for one hour.",
    "Verified. You can now sign in with the code I just sent to your phone.",
  ],
  "Troubleshoot Site": [
    "Thanks for trying that. The page should work normally now; if the card is still declined, please double-check the expiry date.",
    "Great, that usually clears it up. Your cart should now show the right items.",
  ],
  "Manage Account": [
    "Thank you, the details on your account are updated. You'll see the change the next time you sign in.",
    "Done — I've updated your account. A confirmation is on its way to your email.",
  ],
  "Purchase Dispute": [
    "Thanks. I've applied the price difference to your order; it will show on your statement within a few days.",
    "I've checked the promotion and added the discount to your account as store credit.",
  ],
  "Shipping Issue": [
    "Thanks! Your parcel is with the courier and is expected to arrive within 2–3 working days.",
    "I've updated the delivery details. You'll get a tracking update by email.",
  ],
  "Subscription Inquiry": [
    "Thanks. Your membership is active, and the next bill is shown under Account › Subscription.",
    "I've extended your subscription as requested; the new due date is on your account page.",
  ],
  "Single-Item Query": [
    "That item is available in all the sizes shown on the product page, and it can be machine washed on a gentle cycle.",
    "Yes, it comes in that colour. The size chart is on the product page under \"Size guide\".",
  ],
  "Storewide Query": [
    "Members get free shipping and early access to sales. You can see your benefits under Account › Membership.",
    "Our return policy and delivery times are listed on the Help page; I've summarised the key points above.",
  ],
};
/** A clarifying question (no grounded answer: the idle job leaves such a conversation open). */
export const BOT_CLARIFY = [
  "Could you tell me a little more, for example the order ID or which item this is about?",
  "To help you better, could you share your order ID?",
  "Just to be sure I understand — is this about an order you already received?",
];
export const BOT_HANDOVER = [
  "I'll connect you with one of our customer care team, who can help you further. Please wait a moment.",
  "Let me pass you to a colleague from our team who can take care of this.",
  "I'm handing this over to our customer care team now; someone will reply here shortly.",
];
export const BOT_RESOLVE = ["Glad I could help! Have a nice day.", "You're welcome! Feel free to message us anytime.", "Happy to help. Enjoy your purchase!"];
export const CUSTOMER_DETAIL = [
  (o: string) => `My order ID is ${o}.`,
  (o: string) => `It's order ${o}.`,
  (o: string) => `Order ${o}, I paid by bank transfer.`,
  () => "It was delivered yesterday.",
  () => "Yes, that's the one. Size M, the black one.",
  () => "I'm using Chrome on my phone.",
  () => "The email on my account is the same one I'm writing from.",
];
export const CUSTOMER_ASK_HUMAN = [
  "That doesn't really answer my question. Can I talk to a person?",
  "I'd rather speak with someone from your team, please.",
  "Can a human agent check this for me?",
];
export const CUSTOMER_THANKS = ["Great, thank you!", "Okay, that's clear. Thanks!", "Perfect, that solved it.", "Thanks for the quick help!"];
export const CUSTOMER_WAITING = ["Hello? Is anyone there?", "Still waiting for an answer…", "Can someone reply please?"];
export const REOPEN_PREFIX = ["I asked about this earlier but it's still not sorted. ", "Hi again, the problem came back. ", "This still isn't resolved. "];
export const FOLLOW_UP_PREFIX = ["Hi again! ", "Hello, I have another question. ", ""];
export const AGENT_GREETING = [
  (name: string) => `Hi, ${name} here from the customer care team. Let me look into this for you.`,
  (name: string) => `Hello, this is ${name}. Thanks for waiting — I'm checking your case now.`,
];
export const AGENT_PROGRESS = ["Thanks. Could you also confirm the email address on the order?", "Got it, one moment while I check with the warehouse.", "Thanks for the details, I'm checking this now."];
export const AGENT_RESOLUTION = [
  "I've sorted this out on our side; you'll get a confirmation email shortly. Anything else I can help with?",
  "All done — the refund is processed and should reach you within a few working days.",
  "I've updated your order and the courier has the new details. Thanks for your patience!",
];
/** Spam messages (the conversation is marked SPAM). */
export const SPAM = [
  "Pinjaman online cepat cair tanpa jaminan, balas YA untuk info lebih lanjut!",
  "Congratulations! You have been selected to win a prize. Reply YES to claim it.",
  "Jual followers Instagram murah, 1000 followers hanya Rp10.000.",
  "Investasi untung 30% per minggu, dijamin aman. Hubungi kami sekarang.",
];
export const FIRST_NAMES = [
  "Ayu", "Bagus", "Citra", "Dian", "Eko", "Fitri", "Galih", "Hana", "Indra", "Joko", "Kartika", "Lestari", "Made", "Nadia", "Oki",
  "Putri", "Rizky", "Sinta", "Teguh", "Umi", "Vina", "Wahyu", "Yoga", "Zahra", "Adi", "Bayu", "Desi", "Fajar", "Gita", "Hendra",
  "Intan", "Kevin", "Lina", "Mega", "Nur", "Ratna", "Sari", "Tono", "Wulan", "Yuni",
];
export const LAST_NAMES = [
  "Wijaya", "Saputra", "Hidayat", "Siregar", "Nasution", "Putra", "Lubis", "Gunawan", "Halim", "Kusuma", "Setiawan", "Pratama",
  "Harahap", "Susanto", "Wibowo", "Santoso", "Rahman", "Utami", "Permata", "Simanjuntak", "Tanjung", "Hakim", "Purnama", "Sihombing",
];

/** The support flow of a question ("Order Issue", …), which picks the bot's replies. */
export const flowOf = (q: Question) => q.expected.split(" — ")[0] ?? "Storewide Query";
