/**
 * Secrets for the embedded default: generated on first use into `<TANDEM_DATA_DIR>/secrets/<name>` (mode 0600)
 * so a new user needs no configuration. Production sets the matching environment variable instead.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env";

/** Secrets already read, by file: a secret file is written once and never changes (like the environment). */
const read = new Map<string, string>();

/**
 * Reads the named local secret, creating it with `make` (default: 32 random bytes, base64) if missing. Read from disk
 * once per process (the webhook hot path opens a channel secret per delivery).
 * @returns base64 string
 * @throws when the data folder is not writable
 */
export function localSecret(
  name: "auth-secret" | "encryption-key" | "vapid-keys",
  make: () => string = () => randomBytes(32).toString("base64"),
): string {
  const dir = path.resolve(env().TANDEM_DATA_DIR, "secrets");
  const file = path.join(dir, name);
  const known = read.get(file);
  if (known !== undefined) return known;
  const value = readOrCreate(dir, file, make);
  read.set(file, value);
  return value;
}

function readOrCreate(dir: string, file: string, make: () => string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const value = make();
    try {
      writeFileSync(file, value, { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      // another process created it first: use theirs
      return readFileSync(file, "utf8").trim();
    }
  }
}
