import Sentiment from "sentiment";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import labelled from "./labelled-messages.json";
import {
  analyzeSentiment,
  MAX_SENTIMENT_INPUT_CHARS,
  NEUTRAL_BAND,
  scoreSentiment,
  sentimentPolarity,
  type SentimentLanguage,
} from "./score-sentiment";

/**
 * labelled-messages.json (see README.md): 113 customer messages, each labelled pos / neg / neu by its tone.
 * - dev (52): 24 real English tweets to support accounts (IBM customer-care set, shared/data) + 3 written, and 25 written
 *   chat-Indonesian messages. The overlays were tuned on these: every one must come out right.
 * - held-out (61): the first customer message of every 25th IBM dialogue (41, labelled before any scoring) and 20
 *   chat-Indonesian messages written before the scorer existed; never tuned on. Measured on 2026-12-02:
 *   English 29/41 = 70.7 %, Indonesian 19/20 = 95 % (the Indonesian set was written by the same hand as the lexicon
 *   overlay, so it flatters; the English misses are mostly calm problem reports that AFINN scores negative — "stuck",
 *   "crashing", "error" — plus sarcasm and complaints without sentiment words, e.g. "price gouging").
 * A prediction is right when its polarity (null or |score| < 0.25 = neutral) is the label.
 */
type Labelled = { set: "dev" | "held-out"; lang: SentimentLanguage; label: "pos" | "neg" | "neu"; text: string; source: string };
const messages = labelled as Labelled[];

const predicted = (text: string) => {
  const polarity = sentimentPolarity(scoreSentiment(text));
  return polarity === "positive" ? "pos" : polarity === "negative" ? "neg" : "neu";
};

function accuracy(set: Labelled["set"], lang: SentimentLanguage) {
  const rows = messages.filter((m) => m.set === set && m.lang === lang);
  const misses = rows.filter((m) => predicted(m.text) !== m.label);
  return { right: rows.length - misses.length, total: rows.length, misses: misses.map((m) => `${m.label}: ${m.text.slice(0, 80)}`) };
}

describe("labelled customer messages", () => {
  it("has at least 20 English and 20 Indonesian messages in each set", () => {
    for (const set of ["dev", "held-out"] as const)
      for (const lang of ["en", "id"] as const) expect(messages.filter((m) => m.set === set && m.lang === lang).length).toBeGreaterThanOrEqual(20);
  });

  const dev = messages.filter((m) => m.set === "dev");
  it.each(dev.filter((m) => m.label !== "neu").map((m) => [m.lang, m.label, m.text] as const))("dev %s %s: %s", (_lang, label, text) => {
    const score = scoreSentiment(text);
    expect(score).not.toBeNull();
    if (label === "pos") expect(score!).toBeGreaterThanOrEqual(NEUTRAL_BAND);
    else expect(score!).toBeLessThanOrEqual(-NEUTRAL_BAND);
  });

  it.each(dev.filter((m) => m.label === "neu").map((m) => [m.lang, m.text] as const))("dev %s neutral: %s", (lang, text) => {
    const score = scoreSentiment(text);
    // the Indonesian questions carry no sentiment word at all; two English problem reports carry one weak word
    if (lang === "id") expect(score).toBeNull();
    else expect(score === null || Math.abs(score) < NEUTRAL_BAND).toBe(true);
  });

  it("dev accuracy: English 27/27 = 100 %, Indonesian 25/25 = 100 %", () => {
    expect(accuracy("dev", "en")).toMatchObject({ right: 27, total: 27 });
    expect(accuracy("dev", "id")).toMatchObject({ right: 25, total: 25 });
  });

  it("held-out accuracy: English 29/41 = 70.7 %, Indonesian 19/20 = 95 % (a floor: a lexicon change must not lower it)", () => {
    const en = accuracy("held-out", "en");
    const id = accuracy("held-out", "id");
    expect(en.total).toBe(41);
    expect(id.total).toBe(20);
    expect(en.right, en.misses.join("\n")).toBeGreaterThanOrEqual(29);
    expect(id.right, id.misses.join("\n")).toBeGreaterThanOrEqual(19);
  });
});

describe("scoreSentiment", () => {
  it("is null for a message without any scored word, and for empty input", () => {
    for (const text of ["resi saya berapa?", "kak, ongkir ke bandung berapa ya?", "Can I change the delivery address on order #4412?", "", "   ", "12345", "#4412"])
      expect(scoreSentiment(text), text).toBeNull();
  });

  it("maps the AFINN sum to tanh(sum / 4)", () => {
    expect(analyzeSentiment("bagus").raw).toBe(3);
    expect(scoreSentiment("bagus")).toBeCloseTo(Math.tanh(3 / 4), 10);
    expect(scoreSentiment("terrible")).toBeCloseTo(Math.tanh(-3 / 4), 10);
    expect(scoreSentiment("good but bad")).toBe(0);
  });

  it("reads chat Indonesian: slang, negators in every spelling, elongation, reduplication, suffixes", () => {
    expect(scoreSentiment("mantap kak makasih")!).toBeGreaterThan(0.5);
    for (const text of ["gak puas", "ga puas", "nggak puas", "enggak puas", "tdk puas", "tidak puas", "kurang puas", "belum puas"])
      expect(scoreSentiment(text), text).toBeLessThan(0);
    expect(scoreSentiment("tidak bagus")!).toBeLessThan(0);
    expect(scoreSentiment("gak terlalu bagus")!).toBeLessThan(0);
    expect(scoreSentiment("gak ada masalah kok")!).toBeGreaterThan(0);
    expect(scoreSentiment("nyesel beli disini")!).toBeLessThan(-0.5);
    expect(analyzeSentiment("lama bgt").words).toEqual(["lama+banget"]);
    expect(analyzeSentiment("kecewaaaa").words).toEqual(["kecewa"]);
    expect(analyzeSentiment("mahal2").words).toEqual(["mahal"]);
    expect(analyzeSentiment("bagusnya").words).toEqual(["bagus"]);
    expect(analyzeSentiment("makasihhh kak").words).toEqual(["makasih"]);
  });

  it("lets an intensifier strengthen the word next to it, and 'parah' intensify instead of counting twice", () => {
    expect(scoreSentiment("kecewa banget")!).toBeLessThan(scoreSentiment("kecewa")!);
    expect(scoreSentiment("sangat bagus")!).toBeGreaterThan(scoreSentiment("bagus")!);
    expect(scoreSentiment("very good")!).toBeGreaterThan(scoreSentiment("good")!);
    expect(analyzeSentiment("lambat parah").raw).toBe(-3);
    expect(scoreSentiment("mantap parah")!).toBeGreaterThan(scoreSentiment("mantap")!);
    expect(scoreSentiment("parah sih ini")!).toBeLessThan(0);
  });

  it("does not carry a negation across a clause break", () => {
    expect(scoreSentiment("tidak, terima kasih")!).toBeGreaterThan(0);
    expect(scoreSentiment("not bad")!).toBeGreaterThan(0);
    expect(scoreSentiment("not. bad")!).toBeLessThan(0);
  });

  it("keeps English customer-chat requests neutral but scores complaints", () => {
    expect(scoreSentiment("please help me reset my password")).toBeNull();
    expect(scoreSentiment("I would like to cancel my order")).toBeNull();
    expect(scoreSentiment("this is not working and I'm still waiting")!).toBeLessThan(-0.5);
    expect(scoreSentiment("the app doesn't work")!).toBeLessThan(0);
  });

  it("scores emoji and ASCII emoticons, also glued to a word or with a skin tone / variation selector", () => {
    expect(scoreSentiment("👍")!).toBeGreaterThan(0);
    expect(scoreSentiment("😡")!).toBeLessThan(0);
    expect(scoreSentiment("❤️")!).toBeGreaterThan(0);
    expect(scoreSentiment("👍🏽")!).toBeGreaterThan(0);
    expect(analyzeSentiment("makasih:)").words).toEqual(["makasih", "🙂"]);
    expect(scoreSentiment(":(")!).toBeLessThan(0);
    expect(scoreSentiment("T_T")!).toBeLessThan(0);
    expect(scoreSentiment("jam 10:30 ya")).toBeNull();
  });

  it("uses the given language, else detects it, and lets the other lexicon fill in for mixed messages", () => {
    expect(analyzeSentiment("barangnya bagus kak").languageSource).toBe("detected");
    expect(analyzeSentiment("barangnya bagus kak").language).toBe("id");
    expect(analyzeSentiment("good", { language: "id" })).toMatchObject({ language: "id", languageSource: "given", words: ["good"] });
    expect(analyzeSentiment("👍").languageSource).toBe("default");
    const mixed = analyzeSentiment("pengirimannya fast response, recommended seller, makasih kak");
    expect(mixed.language).toBe("id");
    expect(mixed.words).toEqual(["fast+response", "recommended", "makasih"]);
    // "no" is nomor (number) in Indonesian: not the English negative
    expect(scoreSentiment("no resi saya JP123")).toBeNull();
    expect(scoreSentiment("no", { language: "en" })!).toBeLessThan(0);
  });

  it("ignores URLs, e-mail addresses and @handles", () => {
    expect(scoreSentiment("@GoodHelpDesk https://example.com/great-awesome good@happy.com")).toBeNull();
  });

  it("never throws, and stays in -1..1 or null, on any string", () => {
    const rng = seedrandom("sentiment");
    const alphabet = ["a", "k", " ", ".", "!", "-", "'", "2", "\u0000", "\uD83D", "\uDE00", "😡", "👍", "🏽", "\u200D", "\uFE0F", ":", ")", "(", "|", "+", "é", "ß", "中", "\n"];
    const strings = [
      "",
      "\u0000",
      "\uD83D",
      "\uDE00abc\uD83D",
      "__proto__ constructor hasOwnProperty toString valueOf",
      "bagus ".repeat(5_000),
      "kecewa".repeat(10_000),
      "|".repeat(100),
      "+ + +",
    ];
    for (let i = 0; i < 300; i++) strings.push(Array.from({ length: Math.floor(rng() * 60) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join(""));
    for (const text of strings) {
      const score = scoreSentiment(text);
      if (score !== null) {
        expect(Number.isFinite(score)).toBe(true);
        expect(Math.abs(score)).toBeLessThanOrEqual(1);
      }
    }
    expect(scoreSentiment(undefined as unknown as string)).toBeNull();
    expect(scoreSentiment(42 as unknown as string)).toBeNull();
  });

  it("scores only the first 4,000 characters and says so", () => {
    const long = "bagus ".repeat(1_000) + "jelek ".repeat(1_000);
    const analysis = analyzeSentiment(long);
    expect(analysis.truncated).toBe(true);
    expect(analysis.words.every((w) => w === "bagus")).toBe(true);
    expect(analyzeSentiment("bagus").truncated).toBe(false);
    // a surrogate pair across the cut is dropped whole
    const emojiAtCut = "a".repeat(MAX_SENTIMENT_INPUT_CHARS - 1) + "😡";
    expect(analyzeSentiment(emojiAtCut)).toMatchObject({ truncated: true, score: null });
  });

  it("leaves the plain AFINN scoring other modules use untouched", () => {
    scoreSentiment("please help, gak puas 😡");
    const plain = new Sentiment();
    expect(plain.analyze("please help").score).toBe(3);
    expect(plain.analyze("gak puas").score).toBe(0);
  });
});

describe("sentimentPolarity", () => {
  it("labels a score with a neutral band of ±0.25, and null as null", () => {
    expect(sentimentPolarity(null)).toBeNull();
    expect(sentimentPolarity(0)).toBe("neutral");
    expect(sentimentPolarity(0.245)).toBe("neutral");
    expect(sentimentPolarity(0.25)).toBe("positive");
    expect(sentimentPolarity(-0.46)).toBe("negative");
    expect(sentimentPolarity(Number.NaN)).toBeNull();
  });
});
