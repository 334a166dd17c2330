/**
 * How shoppers say things vs how a help centre words them (issue 14 item 2): colloquial Bahasa Indonesia, chat
 * shorthand and everyday English synonyms, each mapped to the words the knowledge base uses. Retrieval searches the
 * message with these words added (never removed), so "ongkir ke bandung brp" also looks for "ongkos kirim berapa"
 * and "I want my money back" for "refund". Domain data: edit it when a real question is missed for a wording.
 */

/** phrase (lower case, whole words) → words added to the search. */
export const SEARCH_SYNONYMS: Record<string, string> = {
  // Bahasa Indonesia: colloquial words (chat spellings such as gak, udah, gimana are standardised before this:
  // lib/language/chat-spelling.json)
  ongkir: "ongkos kirim biaya pengiriman",
  "ongkos kirim": "ongkir biaya pengiriman",
  resi: "nomor resi lacak pengiriman",
  nyampe: "tiba",
  nyampai: "tiba",
  sampe: "tiba",
  dibalikin: "dikembalikan pengembalian",
  balikin: "kembalikan pengembalian",
  "uang kembali": "refund pengembalian dana",
  "duit balik": "refund pengembalian dana",
  "balikin duit": "refund pengembalian dana",
  "balikin uang": "refund pengembalian dana",
  refund: "pengembalian dana",
  retur: "pengembalian return",
  // exchanging for another size is, in the help centre, a return due to size
  "tukar ukuran": "retur ukuran",
  "tukar size": "retur ukuran",
  "ganti ukuran": "retur ukuran",
  "ganti size": "retur ukuran",
  kekecilan: "ukuran kecil size",
  kebesaran: "ukuran besar size",
  kegedean: "ukuran besar size",
  sempit: "ukuran kecil size",
  kemahalan: "harga mahal",
  lemot: "lambat",
  lelet: "lambat",
  cancel: "batal batalkan",
  cancell: "batal batalkan",
  batalin: "batalkan",
  tukerin: "tukar",
  tuker: "tukar",
  pw: "password kata sandi",
  sandi: "password",
  "kata sandi": "password",
  otp: "kode verifikasi two-factor",
  voucher: "promo code kode promo",
  "kode promo": "promo code voucher",
  diskon: "promo",
  "nomor hp": "nomor telepon",
  hp: "telepon",
  cod: "bayar di tempat",
  tf: "transfer",
  member: "membership keanggotaan",
  hapus: "hilang dihapus",
  dihapus: "hilang hapus",
  hilang: "dihapus hapus",
  ilang: "hilang dihapus",
  perpanjang: "perpanjangan extension",
  perpanjangan: "extension tambahan waktu",
  // "has it been processed yet?" asks for a status ("udah" and a closing "belum" are dropped as a stop word and a
  // question tag, which would leave "refund diproses" looking like a request to start one)
  "udah diproses": "status",
  "udh diproses": "status",
  "sudah diproses": "status",
  "diproses belum": "status",
  "diproses blm": "status",
  // English synonyms
  disappeared: "removed missing",
  vanished: "removed missing",
  gone: "removed missing",
  extension: "extend more time",
  "money back": "refund",
  reimburse: "refund",
  reimbursement: "refund",
  parcel: "package shipment",
  package: "shipment delivery",
  tracking: "shipping status",
  track: "shipping status",
  arrive: "delivery shipping",
  arrived: "delivery shipping",
  // English negation is a stop word of the search ("not"): "my order has not arrived" would read as "my order
  // arrive", the words of "can my order arrive tomorrow?" — these say what the help centre says (not "not received":
  // a refund not received is the refund's status)
  "has not arrived": "never arrived missing",
  "hasn't arrived": "never arrived missing",
  "have not arrived": "never arrived missing",
  "haven't arrived": "never arrived missing",
  "did not arrive": "never arrived missing",
  "didn't arrive": "never arrived missing",
  "not arrived yet": "never arrived missing",
  "still not arrived": "never arrived missing",
  "not delivered": "never delivered missing",
  coupon: "promo code",
  "discount code": "promo code",
  "log in": "login account password",
  "sign in": "login account password",
  "2fa": "two-factor authentication",
  "two factor": "two-factor authentication",
  "verification code": "two-factor authentication",
  pwd: "password",
  "too small": "size",
  "too big": "size",
  "too tight": "size",
  "too loose": "size",
  "doesn't fit": "size",
  "wrong colour": "color",
  colour: "color",
  stained: "stain",
  dirty: "stain",
  slow: "slow speed",
  laggy: "slow speed",
  subscription: "premium subscription",
  membership: "member",
};

const ENTRIES = Object.entries(SEARCH_SYNONYMS).map(([phrase, words]) => ({
  re: new RegExp(`(^|[^\\p{L}\\p{N}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}])`, "u"),
  words,
}));

/**
 * The message with the knowledge base's words for its colloquial phrases appended.
 * @param text a customer message
 * @returns `text` plus, after a space, the added words (unchanged when nothing matched)
 */
export function expandSynonyms(text: string): string {
  const lower = text.toLowerCase();
  const added = ENTRIES.filter((e) => e.re.test(lower)).map((e) => e.words);
  return added.length ? `${text} ${added.join(" ")}` : text;
}

/**
 * What a message is about vs what it asks: product and brand words (as stemmed by the English and Indonesian
 * configurations) name the item, not the request — "a refund for my jeans" asks for a refund. Retrieval weighs them
 * at {@link PRODUCT_TERM_WEIGHT} of their rarity, so an item's care FAQ does not outrank the refund answer.
 */
export const PRODUCT_TERMS = new Set(
  (
    "jean jeans shirt jacket boot boots sweater dress shoe shoes sock socks belt hat cap hoodi hoodie cloth clothe dress skirt " +
    "pant pants trouser sneaker sandal bag scarf batik baju celana jaket sepatu kemeja kaos kaus gaun rok sandal tas topi " +
    "kerudung hijab sweater jaket calvin klein tommi tommy hilfig hilfiger guess michael kor kors nike"
  ).split(" "),
);
export const PRODUCT_TERM_WEIGHT = 0.35;

