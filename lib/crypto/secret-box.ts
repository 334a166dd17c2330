/**
 * Encryption at rest for secrets and customer contact details stored in the database (webhook secrets, API tokens,
 * contact name/phone/email): AES-256-GCM from Node's crypto, random 96-bit IV, output
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). Also the keyed blind index (HMAC-SHA256 with a key derived by HKDF
 * from the same secret) that finds a sealed value by equality without decrypting anything.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../config/env";
import { localSecret } from "../config/local-secret";

let cached: { source: string; key: Buffer; indexKey: Buffer } | undefined;

/** The AES key and the blind-index key, derived once per configured secret. */
function keys(): { key: Buffer; indexKey: Buffer } {
  const source = env().TANDEM_ENCRYPTION_KEY ?? localSecret("encryption-key");
  if (cached?.source !== source) {
    const key = Buffer.from(source, "base64");
    const indexKey = Buffer.from(hkdfSync("sha256", key, "tandem", "blind-index v1", 32));
    cached = { source, key, indexKey };
  }
  return cached;
}

/** A sealed value's shape: version, 12-byte IV, 16-byte tag, ciphertext (base64url). */
const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/** Whether `value` looks like the output of {@link seal} (a plain value never does in practice). */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** Encrypts a UTF-8 string. @returns the sealed string, safe to store. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys().key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

/**
 * Decrypts a value produced by {@link seal}.
 * @throws Error("secret-box: …") if the value is malformed, was sealed with another key, or was tampered with.
 */
export function open(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("secret-box: malformed sealed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keys().key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("secret-box: cannot decrypt (wrong key or tampered value)");
  }
}

/**
 * The keyed blind index of an already normalised value: HMAC-SHA256 under a key only the server holds, so equal
 * values match while the index reveals nothing without the key.
 * @param purpose separates indexes of different fields (`phone`, `email`), so equal strings in two fields differ
 * @returns 43 base64url characters
 */
export function blindIndex(purpose: string, normalised: string): string {
  return createHmac("sha256", keys().indexKey).update(`${purpose}\u0000${normalised}`, "utf8").digest("base64url");
}
