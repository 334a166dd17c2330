/**
 * What a customer message says about the conversation (lib/agent/intents.ts), in English and Bahasa Indonesia,
 * with the near misses each rule must not catch.
 */
import { describe, expect, it } from "vitest";
import { asksForHuman, isConfirmation, isGreetingOnly, matchedKeyword } from "./intents";

describe("isConfirmation", () => {
  it.each([
    "thanks!",
    "Thanks",
    "thank you so much",
    "Thank u",
    "thx",
    "ty",
    "ok",
    "Okay, that's all",
    "great, that helps",
    "perfect",
    "got it, thanks",
    "that was helpful",
    "it worked!",
    "solved, thank you",
    // Bahasa Indonesia
    "makasih",
    "ok makasih",
    "oke makasih kak",
    "terima kasih",
    "Terimakasih banyak ya",
    "tq min",
    "sip",
    "siap, mantap",
    "udah beres",
    "sudah jelas",
    "berhasil, trims",
  ])("confirms: %s", (text) => {
    expect(isConfirmation(text)).toBe(true);
  });

  it.each([
    ["a question", "thanks, but when will it arrive?"],
    ["a bare question mark", "ok?"],
    ["thanks with a complaint", "thanks but it still doesn't work"],
    ["negation", "ok it didn't work"],
    ["not solved yet", "thanks, not yet"],
    ["Indonesian: not yet", "makasih tapi masih belum bisa"],
    ["Indonesian: not", "terima kasih, tidak jadi berhasil"],
    ["Indonesian: kok", "ok kok belum masuk"],
    ["not starting with a confirmation", "no thanks"],
    ["a word that only starts like one", "thanksgiving sale"],
    ["another one", "typo in my address"],
    ["more than 12 words", "thanks for that, I will check my email and get back to you about the order later today"],
    ["empty", ""],
    ["whitespace", "   "],
    ["a new request", "I want a refund"],
  ])("does not confirm %s: %s", (_why, text) => {
    expect(isConfirmation(text)).toBe(false);
  });

  // chat customers often drop the "?": a follow-up question opening with "ok" is not a confirmation that the answer
  // solved the question (resolving here closes the conversation as RESOLVE_AI while the customer is still asking)
  it.each(["ok how long will the refund take", "ok so what about exchanges", "sudah transfer kemarin, kapan dikirim"])(
    "does not confirm a follow-up question without a question mark: %s",
    (text) => {
      expect(isConfirmation(text)).toBe(false);
    },
  );
});

describe("asksForHuman", () => {
  it.each([
    "can I talk to a person?",
    "Can I speak with someone please",
    "I want to speak to a real person",
    "connect me to an agent",
    "transfer me to customer service",
    "put me through to a representative",
    "I need a human",
    "give me a live agent",
    "agent please",
    "HUMAN!",
    "operator",
    // Bahasa Indonesia
    "mau bicara dengan CS",
    "saya mau ngobrol sama admin",
    "tolong hubungkan ke petugas",
    "sambungkan dengan customer service",
    "minta agen manusia",
    "cs tolong",
    "is there a real person I can chat with?",
    "Can a real person help me? My package says delivered but I never got it",
    // chat forms
    "sambungin ke CS dong",
    "mau ngomong sama orang",
    "admin tolong bales, mau ngobrol langsung sama orangnya",
    "bisa chat sama admin beneran?",
    "kak bisa dialihkan ke agen manusia?",
    "panggilin admin dong",
    "hubungkan saya dengan staf ya, mau ganti nomor hp di akun",
    "ada CS manusia gak? mau nanya status refund saya",
  ])("asks for a human: %s", (text) => {
    expect(asksForHuman(text)).toBe(true);
  });

  it.each([
    "just wanted to check on the status of a refund",
    "I need to talk about my order",
    "the agent said my refund is on its way",
    "is this a real company?",
    "I am a real person, not a bot",
    "my account was suspended",
    "hello",
    "status pengembalian dana saya",
    "pesanan saya belum sampai",
    "berapa ongkir ke Bandung?",
  ])("does not ask for a human: %s", (text) => {
    expect(asksForHuman(text)).toBe(false);
  });

  // "orang tua" = parents; "mau … orang" must not read as "wants a person"
  it("does not read 'orang tua' (parents) as asking for a person", () => {
    expect(asksForHuman("saya mau beli baju untuk orang tua saya")).toBe(false);
    expect(asksForHuman("mau ngomong sama orang tua dulu sebelum beli")).toBe(false);
    expect(asksForHuman("mau kirim hadiah sama orang lain bisa?")).toBe(false);
  });
});

describe("isGreetingOnly", () => {
  it.each([
    "hi",
    "Hi there!",
    "hiii",
    "Hello!!",
    "hey",
    "HEY HO!",
    "Good morning",
    "good evening all",
    "yo",
    // Bahasa Indonesia
    "halo",
    "halo kak",
    "Hai min",
    "selamat pagi",
    "Selamat malam, admin",
    "pagi gan",
    "assalamualaikum",
    "Assalamu'alaikum",
    "  halo  ",
  ])("is only a greeting: %s", (text) => {
    expect(isGreetingOnly(text)).toBe(true);
  });

  it.each([
    "hi, where is my order?",
    "hello I need a refund",
    "halo kak, mau tanya status pesanan",
    "selamat pagi, paket saya belum sampai",
    "good morning, my card was charged twice",
    "this is not a greeting",
    "history of my orders",
    "hiking boots size 42",
    "",
  ])("is not only a greeting: %s", (text) => {
    expect(isGreetingOnly(text)).toBe(false);
  });
});

describe("matchedKeyword", () => {
  const KEYWORDS = ["lawyer", "Chargeback", "data breach", "komplain", "penipuan"];

  it.each([
    ["my LAWYER will call you", "lawyer"],
    ["I will file a chargeback.", "Chargeback"],
    ["is this a data breach?!", "data breach"],
    ["saya mau komplain", "komplain"],
    ["Ini PENIPUAN!", "penipuan"],
    ["lawyer", "lawyer"],
    ["(chargeback)", "Chargeback"],
  ])("finds the keyword in %s", (text, keyword) => {
    expect(matchedKeyword(text, KEYWORDS)).toBe(keyword);
  });

  it("returns the first configured keyword that matches, trimmed as configured", () => {
    expect(matchedKeyword("lawyer and chargeback", KEYWORDS)).toBe("lawyer");
    expect(matchedKeyword("I will call my lawyer", ["  Lawyer  "])).toBe("Lawyer");
  });

  it.each([
    ["inside a longer word", "our lawyers are reviewing it"],
    ["inside an Indonesian word", "komplainnya sudah diproses"],
    ["another Indonesian suffix", "penipuannya terbukti"],
    ["a prefix of a word", "chargebacks"],
    ["only part of a phrase", "no breach of data here"],
    ["unrelated text", "just wanted to check on the status of a refund"],
  ])("does not match %s: %s", (_why, text) => {
    expect(matchedKeyword(text, KEYWORDS)).toBeNull();
  });

  it("treats regex characters in a keyword literally", () => {
    expect(matchedKeyword("does c++ support this", ["c++"])).toBe("c++");
    expect(matchedKeyword("does cpp support this", ["c++"])).toBeNull();
    expect(matchedKeyword("refund (urgent)", ["(urgent)"])).toBe("(urgent)");
    expect(matchedKeyword("anything at all", [".*"])).toBeNull();
  });

  it("handles no keywords and blank keywords", () => {
    expect(matchedKeyword("my lawyer", [])).toBeNull();
    expect(matchedKeyword("my lawyer", ["", "   "])).toBeNull();
    expect(matchedKeyword("", KEYWORDS)).toBeNull();
  });

  it("matches accented keywords as whole words", () => {
    expect(matchedKeyword("le café est froid", ["café"])).toBe("café");
    expect(matchedKeyword("les cafés", ["café"])).toBeNull();
  });
});

// regression test for a review finding (fixed): a thank-you followed by a new request used to close the conversation
describe("isConfirmation refuses a thank-you that carries a new request", () => {
  it.each([
    "ok so I ordered the wrong size",
    "ok I also need to change my address",
    "thanks, now my other order never arrived",
    "great, I want a refund for the second item",
    "udah transfer kak",
    "sudah saya kirim fotonya",
  ])("%s", (text) => {
    expect(isConfirmation(text)).toBe(false);
  });
});
