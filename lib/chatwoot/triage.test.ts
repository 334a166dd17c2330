import { describe, expect, it } from "vitest";
import { CHATWOOT_PRIORITY, findKeyword, refundAmount, triageMessage, type TriageFacts } from "./triage";
import { DEFAULT_TRIAGE_RULES, effectiveTriageRules } from "./triage-rules";

/** Triage with the seed's default rules and neutral facts (no other unresolved conversation, no grade, no order value). */
function triage(text: string, facts: Partial<Omit<TriageFacts, "text">> = {}) {
  return triageMessage(DEFAULT_TRIAGE_RULES, { text, otherUnresolved: 0, previousDraftGrade: null, orderValue: null, ...facts });
}

describe("priority (seed §3 lists, English and Bahasa Indonesia)", () => {
  it.each([
    ["My payment failed twice at checkout", "P0"],
    ["Payment failure on order 1042", "P0"],
    ["My card declined even though it has funds", "P0"],
    ["I was charged twice for one order", "P0"],
    ["There is an order error on my invoice", "P0"],
    ["You sent me the wrong order", "P0"],
    ["Is my account security ok? I think I was hacked", "P0"],
    ["There was an unauthorized purchase", "P0"],
    ["Pembayaran gagal terus", "P0"],
    ["Saldo saya terpotong dua kali", "P0"],
    ["Barang salah kirim", "P0"],
    ["Akun saya diretas", "P0"],
    ["My parcel is delayed", "P1"],
    ["Why is my package late?", "P1"],
    ["It has not arrived yet — hasn't arrived after 10 days", "P1"],
    ["The vase arrived damaged", "P1"],
    ["The zipper is broken", "P1"],
    ["Paket saya terlambat", "P1"],
    ["Pesanan belum sampai", "P1"],
    ["Bajunya rusak", "P1"],
    ["Where is my order #1042?", "P2"],
    ["What sizes does the batik shirt come in?", "P2"],
    ["Do you ship to Bandung?", "P2"],
    ["Apakah ukuran L masih ada?", "P2"],
    ["I have some feedback about your website", "P3"],
    ["A suggestion: add more colours", "P3"],
    ["Are you open to a partnership with our marketing agency?", "P3"],
    ["Saya punya saran untuk toko", "P3"],
    ["Mau tawarkan kerja sama", "P3"],
  ])("%s → %s", (text, priority) => {
    expect(triage(text).priority).toBe(priority);
  });

  it("takes the most urgent list that matches: P0 over P1 over P3", () => {
    expect(triage("My payment failed and the delivery is delayed").priority).toBe("P0");
    expect(triage("Feedback: the parcel arrived damaged").priority).toBe("P1");
  });

  it("matches case-insensitively", () => {
    expect(triage("PAYMENT FAILED!!").priority).toBe("P0");
    expect(triage("Delayed.").priority).toBe("P1");
  });

  it("matches whole words only: latest is not late, promotional is not promo, delays is not delay", () => {
    expect(triage("What is the latest collection?").priority).toBe("P2");
    expect(triage("Do you send promotional emails?").priority).toBe("P2");
    expect(findKeyword("delays everywhere", DEFAULT_TRIAGE_RULES.p1)).toBeNull();
    expect(findKeyword("insecurity", DEFAULT_TRIAGE_RULES.p0)).toBeNull();
    expect(findKeyword("brokenness", ["broken"])).toBeNull();
    expect(findKeyword("it's broken, sadly", ["broken"])).toBe("broken");
    expect(findKeyword("(late)", ["late"])).toBe("late");
  });

  it("maps to Chatwoot's priorities: P0 urgent … P3 low", () => {
    expect(CHATWOOT_PRIORITY).toEqual({ P0: "urgent", P1: "high", P2: "medium", P3: "low" });
  });
});

describe("escalation triggers (seed §3 'Escalate to Human Immediately')", () => {
  it("routes a plain question to an AI draft", () => {
    expect(triage("Where is my order #1042? It was supposed to arrive on Monday.").escalation).toBeNull();
  });

  it.each([
    ["This is urgent, please answer", "keyword:urgent"],
    ["It's an emergency", "keyword:emergency"],
    ["My lawyer will contact you", "keyword:lawyer"],
    ["I will file a lawsuit", "keyword:lawsuit"],
    ["This is fraud", "keyword:fraud"],
    ["Ini darurat", "keyword:darurat"],
    ["Tolong, mendesak sekali", "keyword:mendesak"],
    ["Saya akan hubungi pengacara", "keyword:pengacara"],
    ["Ini penipuan", "keyword:penipuan"],
  ])("escalates %s → %s", (text, rule) => {
    expect(triage(text).escalation).toBe(rule);
  });

  it("escalates a P0 message to a human immediately, naming the P0 keyword", () => {
    expect(triage("My payment failed")).toMatchObject({ priority: "P0", escalation: "priority:P0:payment failed" });
  });

  it("escalates on more than 2 other unresolved conversations: 2 → no, 3 → yes", () => {
    expect(triage("Where is my order?", { otherUnresolved: 2 }).escalation).toBeNull();
    expect(triage("Where is my order?", { otherUnresolved: 3 }).escalation).toBe("unresolved_conversations:3");
  });

  it("escalates when the previous draft was graded below 3.0: 3.0 → no, 2.9 → yes", () => {
    expect(triage("Where is my order?", { previousDraftGrade: 3 }).escalation).toBeNull();
    expect(triage("Where is my order?", { previousDraftGrade: 2.9 }).escalation).toBe("previous_draft_grade:2.9");
    expect(triage("Where is my order?", { previousDraftGrade: 1 }).escalation).toBe("previous_draft_grade:1.0");
  });

  it("escalates on an order value above $500: 500 → no, 500.01 → yes", () => {
    expect(triage("Where is my order?", { orderValue: 500 }).escalation).toBeNull();
    expect(triage("Where is my order?", { orderValue: 500.01 }).escalation).toBe("order_value:500.01");
  });

  // (titles spell the dollar sign out: vitest formats "$1…" in test names)
  it.each([
    ["refund of dollar-150", "I want a refund of $150", 150, "refund_amount:150"],
    ["refund 150 dollars", "Please refund 150 dollars", 150, "refund_amount:150"],
    ["refund USD 250", "Refund USD 250 please", 250, "refund_amount:250"],
    ["refund of dollar-1,250.50", "I expect a refund of $1,250.50", 1250.5, "refund_amount:1250.5"],
    ["money back, dollar-120", "I want my money back, $120", 120, "refund_amount:120"],
    ["dollar-100 refund", "I'd like a $100 refund", 100, null],
    ["refund 80 dollars", "refund 80 dollars", 80, null],
    ["a refund, no amount", "Can I get a refund?", null, null],
    ["dollar-150 refunded", "I want my $150 refunded", 150, "refund_amount:150"],
    ["refunds of dollar-120", "Are refunds of $120 possible?", 120, "refund_amount:120"],
  ])("%s", (_title, text, amount, rule) => {
    expect(refundAmount(text)).toBe(amount);
    expect(triage(text).escalation).toBe(rule);
  });

  it("counts only the amount next to the refund, not the order's price elsewhere", () => {
    const text = "I paid $900 for the whole order last month and it was lovely. The scarf was torn though, can I have a refund of $20 for it?";
    expect(refundAmount(text)).toBe(20);
    expect(triage(text).escalation).toBeNull();
  });

  it("ignores an amount when no refund is asked for", () => {
    expect(refundAmount("The jacket cost $300")).toBeNull();
    expect(triage("The jacket cost $300, does it come in blue?").escalation).toBeNull();
  });

  it("escalates on anger (AFINN score at or below -4 with the sentiment library)", () => {
    const angry = triage("This is terrible, I hate this shop, worst service ever");
    expect(angry.sentimentScore).toBeLessThanOrEqual(-4);
    expect(angry.escalation).toBe(`anger:${angry.sentimentScore}`);
    expect(triage("I am annoyed and upset")).toMatchObject({ sentimentScore: -4, escalation: "anger:-4" });
    expect(triage("This is bad")).toMatchObject({ sentimentScore: -3, escalation: null });
    expect(triage("Thanks, I love it").sentimentScore).toBeGreaterThan(0);
  });

  it("does not see anger in Bahasa Indonesia (AFINN is English only) — a known limit", () => {
    expect(triage("Saya sangat kecewa dan marah")).toMatchObject({ sentimentScore: 0, escalation: null });
  });

  it("applies the triggers in the seed's order: P0, keyword, unresolved, grade, order value, refund, anger", () => {
    const angryRefund = "This is terrible, I hate it, worst shop ever. I want a refund of $150";
    const all = { otherUnresolved: 3, previousDraftGrade: 2, orderValue: 900 };
    expect(triage(`My payment failed, this is urgent. ${angryRefund}`, all).escalation).toBe("priority:P0:payment failed");
    expect(triage(`This is urgent. ${angryRefund}`, all).escalation).toBe("keyword:urgent");
    expect(triage(angryRefund, all).escalation).toBe("unresolved_conversations:3");
    expect(triage(angryRefund, { ...all, otherUnresolved: 0 }).escalation).toBe("previous_draft_grade:2.0");
    expect(triage(angryRefund, { orderValue: 900 }).escalation).toBe("order_value:900");
    expect(triage(angryRefund).escalation).toBe("refund_amount:150");
    expect(triage("This is terrible, I hate it, worst shop ever.").escalation).toMatch(/^anger:-\d+$/);
  });

  it("keeps the priority when a trigger fires (an escalated P1 stays P1)", () => {
    expect(triage("My parcel is delayed and this is urgent")).toMatchObject({ priority: "P1", escalation: "keyword:urgent" });
  });
});

describe("effectiveTriageRules", () => {
  it("is the seed's defaults for {} and null", () => {
    expect(effectiveTriageRules({})).toEqual(DEFAULT_TRIAGE_RULES);
    expect(effectiveTriageRules(null)).toEqual(DEFAULT_TRIAGE_RULES);
  });

  it("lays stored rules over the defaults and drops unknown keys", () => {
    const rules = effectiveTriageRules({ minDraftConfidence: 0.5, p3: ["survey"], notARule: true });
    expect(rules).toEqual({ ...DEFAULT_TRIAGE_RULES, minDraftConfidence: 0.5, p3: ["survey"] });
    expect(triageMessage(rules, { text: "A quick survey", otherUnresolved: 0, previousDraftGrade: null, orderValue: null }).priority).toBe("P3");
  });

  it("falls back to the default for an invalid stored key and keeps the valid ones", () => {
    const rules = effectiveTriageRules({ minDraftConfidence: 0.5, maxRefund: "a lot", angerScore: 3 });
    expect(rules).toEqual({ ...DEFAULT_TRIAGE_RULES, minDraftConfidence: 0.5 });
  });
});
