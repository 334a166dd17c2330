/**
 * Environment variables, validated once with zod. Every variable is optional: with none set Tandem runs
 * the embedded default (PGlite in `.data/`, secrets generated into `.data/secrets/`).
 */
import { z } from "zod";

const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded");

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Connections in the PostgreSQL pool (with `DATABASE_URL`): match it to the server's `max_connections` and instances. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Folder for embedded state (PGlite data, generated secrets). */
  TANDEM_DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: z.string().min(32).optional(),
  TANDEM_ENCRYPTION_KEY: base64Key32.optional(),
  INNGEST_DEV: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  /** Public URL the app is served at, used by scripts that call it (demo replay). */
  TANDEM_URL: z.string().url().default("http://127.0.0.1:3000"),
  /** SMTP server for invitation emails, e.g. `smtp://user:pass@mail.example.com:587`; unset → links are only shown. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default("Tandem <no-reply@tandem.local>"),
  /**
   * Set to `1` when a provider manages plans: plan, AI add-on and feature flags become read-only for everyone
   * ("managed by your provider"). Unset (demo / self-hosted) → the owner can change them.
   */
  TANDEM_PLAN_MANAGED: z.enum(["0", "1"]).default("0"),
  /**
   * The in-process scheduler (lib/jobs/embedded-scheduler.ts) runs the scheduled jobs when no Inngest engine is
   * configured; `off` stops it (e.g. on extra web instances when one other instance runs it — ticks are claimed once
   * anyway).
   */
  TANDEM_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** Web Push VAPID keys (`npx web-push generate-vapid-keys`); unset → generated into `.data/secrets/vapid-keys` */
  VAPID_PUBLIC_KEY: z.string().min(40).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  /** `1` lets push subscriptions point at http or private hosts (tests; a push service on your own network) */
  TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS: z.enum(["0", "1"]).default("0"),
  /** contact the push services may use about our traffic: `mailto:` or `https:` */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, "must start with mailto: or https:").default("mailto:alerts@tandem.local"),
  /**
   * An OpenAI-compatible chat-completions endpoint (e.g. `https://api.openai.com/v1`, a local vLLM/Ollama `/v1`).
   * Set → agent drafts come from the model and the engine may compose replies with it; unset → deterministic.
   */
  TANDEM_MODEL_BASE_URL: z.string().url().optional(),
  TANDEM_MODEL_API_KEY: z.string().optional(),
  TANDEM_MODEL: z.string().default("gpt-4o-mini"),
  /** per-attempt timeout of a model call, ms */
  TANDEM_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(4000),
  /** hard budget of a model call including its retry, ms */
  TANDEM_MODEL_BUDGET_MS: z.coerce.number().int().min(100).max(300_000).default(8000),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/**
 * Returns the validated environment.
 * @throws Error naming each invalid variable (never its value: they may be secrets).
 */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${names}`);
  }
  cached = parsed.data;
  return cached;
}
