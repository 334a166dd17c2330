/**
 * Finding a customer by phone or email although both are sealed at rest (issue 17 item 6): each is stored with a
 * keyed blind index of its normalised form (`lib/crypto/secret-box.ts` {@link blindIndex}), and a lookup compares
 * indexes. Phone numbers are normalised Indonesia-first: digits only, and a national `0…` number is the same as
 * `+62…` (`0812-3456-789` = `+62 812 3456 789`). Emails are trimmed and lower-cased.
 */
import { blindIndex } from "@/lib/crypto/secret-box";

/** `+62 812-3456-789`, `0812 3456 789`, `62812…` → `628123456789`; null when fewer than 6 digits remain. */
export function normalisePhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 6) return null;
  return digits.startsWith("0") ? `62${digits.slice(1)}` : digits;
}

/** Trimmed and lower-cased; null when it does not look like an email. */
export function normaliseEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(e) ? e : null;
}

/**
 * The blind-index columns for a contact's phone and email.
 * @returns `{ contactPhoneIndex, contactEmailIndex }`, each null when the value is missing or unusable
 */
export function contactIndexes({ phone, email }: { phone?: string | null; email?: string | null }): { contactPhoneIndex: string | null; contactEmailIndex: string | null } {
  const p = phone ? normalisePhone(phone) : null;
  const e = email ? normaliseEmail(email) : null;
  return { contactPhoneIndex: p ? blindIndex("phone", p) : null, contactEmailIndex: e ? blindIndex("email", e) : null };
}

/**
 * What a "find a customer" query matches: the phone or email index it stands for.
 * @returns `{ column, index }` or null when the query is neither an email nor a phone number
 */
export function contactLookup(query: string): { column: "phone" | "email"; index: string } | null {
  const trimmed = query.trim();
  if (trimmed.includes("@")) {
    const e = normaliseEmail(trimmed);
    return e ? { column: "email", index: blindIndex("email", e) } : null;
  }
  if (!/^[+(\d][\d\s().-]*$/.test(trimmed)) return null;
  const p = normalisePhone(trimmed);
  return p ? { column: "phone", index: blindIndex("phone", p) } : null;
}
