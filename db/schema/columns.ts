/** Column helpers shared by the schema files (not re-exported from `@/db/schema`). */
import { customType, timestamp } from "drizzle-orm/pg-core";
import { isSealed, open, seal } from "../../lib/crypto/secret-box";

export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/** What a sealed value reads as when it cannot be decrypted (the encryption key was changed or lost). */
export const UNREADABLE_SEALED = "(unreadable: encryption key changed)";

/**
 * A text column encrypted at rest (issue 17 item 6): written through drizzle it is sealed with the secret box
 * (`lib/crypto/secret-box.ts`), read through drizzle it is opened, so code sees plain strings. A value written before
 * sealing began reads as it is until the data migration seals it (`db/seal-contact-data.ts`). Equality lookups go
 * through a blind-index column, never through this one (each write encrypts with a fresh IV).
 */
export const sealedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => seal(value),
  fromDriver: (value) => {
    if (!isSealed(value)) return value;
    try {
      return open(value);
    } catch {
      return UNREADABLE_SEALED;
    }
  },
});
