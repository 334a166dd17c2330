/**
 * How retrieval reads a chat message (issue 14 item 2): chat spellings standardised, fillers and stop words dropped,
 * the words that say what a shopper asks (negation, arriving, returning) kept, and example questions read the same way.
 */
import { describe, expect, it } from "vitest";
import { standardSpelling } from "@/lib/language/chat-spelling";
import { comparableQuestionTerms, searchTerms } from "./normalize-query";

const core = (text: string) => searchTerms(text).core.split(" ");

describe("searchTerms", () => {
  it("drops e-mail addresses: they say who the customer is, not what they ask", () => {
    expect(core("my email is rina.putri@gmail.com, I forgot my password")).toEqual(["my", "email", "is", "forgot", "password"]);
  });

  it("reads capitalised words inside a sentence and words in capitals as names; a sentence's first word is none", () => {
    expect(searchTerms("Please change the name on my account to Sarah Wijaya").names.split(" ")).toEqual(["sarah", "wijaya"]);
    expect(searchTerms("min pesanan sy dibayar via BCA VA. Tolong cek").names.split(" ")).toEqual(["bca", "va"]);
    expect(searchTerms("Do I need an account? I think so").names).toBe("");
    expect(searchTerms("kak, makasih").names).toBe("");
    // the first word of a line (a burst's messages are read one per line) is none either
    expect(searchTerms("halo kak\nSepatu yg sy beli kekecilan").names).toBe("");
  });

  it("reads no names in a message written in capitals or title case, but does in a short one", () => {
    expect(searchTerms("CAN I RETURN MY IKEA SOFA").names).toBe("");
    expect(searchTerms("Where Is My Order? It Has Not Arrived Yet").names).toBe("");
    expect(searchTerms("Ongkir ke Bandung?").names).toBe("bandung");
    expect(searchTerms("Halo kak. Ada tas Charles & Keith?").names.split(" ")).toEqual(["charles", "keith"]);
  });

  it("drops forms of address, particles, greetings and thanks: they say nothing about the question", () => {
    expect(core("kak, min, refund dong 🙏 makasih ya")).toEqual(["refund"]);
    expect(core("Hello! Hi, please help, thanks lol: refund")).toEqual(["help", "refund"]);
  });

  it("standardises chat spellings before dropping stop words, so shorthand does not weigh as an unknown word", () => {
    // gw → saya, udah → sudah, gimana → bagaimana, yg → yang: all stop words once spelt out
    expect(core("gw udah bayar yg kemarin, gimana")).toEqual(["bayar", "kemarin"]);
    expect(core("tetep gagal login")).toEqual(["gagal", "login"]); // tetep → tetap, a stop word
  });

  it("reads reduplication written with a 2 as the word", () => {
    expect(core("udah coba berkali2")).toEqual(["coba", "berkali"]);
  });

  it("keeps negation and the shop's verbs, though the Indonesian stop-word list has them", () => {
    expect(core("paket gak pernah nyampe")).toEqual(["paket", "tidak", "pernah", "sampai"]);
    expect(core("barang mau dikembalikan, ukurannya kecil")).toEqual(expect.arrayContaining(["kecil"]));
    expect(core("belum tiba")).toEqual(["belum", "tiba"]);
  });

  it("reads a negator that ends a question as a question tag, not negation", () => {
    expect(core("kak bisa cek saldo aku gak?")).toEqual(["cek", "saldo"]);
    expect(core("udah dikirim belum ya kak")).toEqual(["dikirim"]);
    expect(core("paket gak pernah nyampe, kenapa belum?")).toEqual(["paket", "tidak", "pernah", "sampai"]);
  });

  it("still drops handles, URLs and long numbers, and says so when nothing is left", () => {
    expect(searchTerms("@AmericanAir https://t.co/x 123456 kak dong")).toEqual({ core: "", extra: "", names: "" });
  });
});

describe("comparableQuestionTerms", () => {
  it("reads an example question's stemmed terms as a message's: chat spellings standardised, fillers and stop words dropped", () => {
    expect(comparableQuestionTerms(["gimana", "cara", "reset", "password", "aku", "kak"])).toEqual(["reset", "password"]);
    expect(comparableQuestionTerms(["paket", "gak", "sampai"])).toEqual(["paket", "tidak", "sampai"]);
  });
});

describe("standardSpelling", () => {
  it("spells chat shorthand out, in one or more words, and leaves other tokens alone", () => {
    expect(standardSpelling("gw")).toEqual(["saya"]);
    expect(standardSpelling("gaada")).toEqual(["tidak", "ada"]);
    expect(standardSpelling("thx")).toEqual(["thanks"]);
    expect(standardSpelling("refund")).toBeNull();
    expect(standardSpelling("constructor")).toBeNull();
  });
});
