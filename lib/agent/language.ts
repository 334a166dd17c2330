/**
 * The language a customer writes in (issue 14 item 4): English or Bahasa Indonesia, for replying in it.
 * franc-min's trigram model decides longer messages; chat shorthand it cannot know ("brp", "ongkir", "kak", "gak")
 * settles short or mixed ones, since Indonesian shoppers write English product words inside Indonesian sentences
 * ("lupa password", "mau cancel order kak").
 */
import { franc } from "franc-min";
import type { ReplyLanguage } from "./config-schema";

/** Words only an Indonesian message contains (everyday and chat forms); each counts towards Indonesian. */
const INDONESIAN_CUES = new Set(
  (
    "yang dan di ke dari untuk dengan ini itu ada tidak tdk gak ga nggak enggak engga gk belum udah sudah sdh blm mau pengen ingin bisa " +
    "bisakah gimana bagaimana gmn kapan berapa brp kenapa knp apa apakah dimana mana kok sih dong deh nih tuh ya yaa kah lah kak kakak min " +
    "gan sis mas mbak pak bu saya aku gue gw kami kita anda kamu tolong mohon minta makasih terima kasih barang baju celana jaket sepatu " +
    "kaos kemeja pesanan pesan paket kirim dikirim pengiriman ongkir ongkos resi nyampe sampai sampe datang bayar pembayaran transfer uang " +
    "dana harga murah mahal kemahalan diskon akun lupa ganti tukar ukuran kekecilan kebesaran warna rusak robek noda kotor batal batalkan " +
    "dibatalkan beli dibeli kembali dikembalikan balikin pengembalian alamat nomor hp langganan tagihan jatuh tempo keranjang lambat lemot"
  ).split(" "),
);
/** Words only an English message contains (not the English shop words Indonesians use: order, refund, password…). */
const ENGLISH_CUES = new Set(
  (
    "the and is are was were my your you i me we our it this that what when where why how which can could would will do does did " +
    "not don't didn't isn't haven't have has had to of for with from please thanks thank want need shipped " +
    "delivery package returned money back stain change address still yet got get"
  ).split(" "),
);

/**
 * The message's language.
 * @param text a customer message
 * @returns "id" or "en"; null when it has no word either language claims (an emoji, an order number)
 */
export function detectLanguage(text: string): ReplyLanguage | null {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0) return null;
  const id = words.filter((w) => INDONESIAN_CUES.has(w)).length;
  const en = words.filter((w) => ENGLISH_CUES.has(w)).length;
  if (id > en) return "id";
  if (en > id) return "en";
  const guess = franc(text, { only: ["ind", "eng"], minLength: 3 });
  if (guess === "ind") return "id";
  if (guess === "eng") return "en";
  return null;
}
