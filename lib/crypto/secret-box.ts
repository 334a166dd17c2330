/**
 * Encryption at rest for secrets stored in the database (webhook secrets, API tokens):
 * AES-256-GCM from Node's crypto, random 96-bit IV, output `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "../config/env";
import { localSecret } from "../config/local-secret";

function key(): Buffer {
  return Buffer.from(env().TANDEM_ENCRYPTION_KEY ?? localSecret("encryption-key"), "base64");
}

/** Encrypts a UTF-8 string. @returns the sealed string, safe to store. */
export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
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
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("secret-box: cannot decrypt (wrong key or tampered value)");
  }
}
