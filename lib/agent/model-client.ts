/**
 * Client for any OpenAI-compatible chat-completions endpoint, through the `openai` SDK (its per-attempt timeout
 * and retries with backoff on 408/409/429/5xx; its requests go over `node:http` with a keep-alive agent,
 * lib/net/outbound-fetch.ts), plus a hard budget over all attempts and a strict check of the response shape. Everything that goes wrong surfaces as one {@link ModelError}; callers fall back to the
 * deterministic path.
 */
import OpenAI from "openai";
import { env } from "@/lib/config/env";
import { outboundFetch } from "@/lib/net/outbound-fetch";

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type ModelClient = {
  /** model name, for "which one produced it" notes */
  readonly model: string;
  /**
   * One chat completion.
   * @param opts.json ask for a JSON object (`response_format: json_object`)
   * @returns the assistant message's text (non-empty)
   * @throws ModelError on timeout, budget exhausted, HTTP error, or a malformed / empty response
   */
  complete(messages: ChatMessage[], opts?: { json?: boolean }): Promise<string>;
};

export class ModelError extends Error {
  /** the HTTP status the endpoint answered (kind `http`) */
  readonly status?: number;
  constructor(
    message: string,
    readonly kind: "timeout" | "http" | "malformed" | "network",
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = "ModelError";
    this.status = options?.status;
  }
}

/**
 * @param options.baseURL e.g. `http://127.0.0.1:8080/v1`
 * @param options.timeoutMs per attempt, ms
 * @param options.budgetMs all attempts together, ms (the call is aborted when it runs out)
 * @param options.maxRetries retries after the first attempt (SDK backoff)
 */
export function createModelClient(options: {
  baseURL: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  budgetMs: number;
  maxRetries?: number;
}): ModelClient {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey || "not-needed",
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 1,
    // node:http with a keep-alive agent rather than the global fetch: a fraction of undici's CPU per call, which the
    // webhook's process pays for every model-written reply (bench:agent-model). The endpoint is the operator's own
    // (`TANDEM_MODEL_BASE_URL`), often on a private network, so private addresses are allowed.
    fetch: (url, init) => outboundFetch(String(url), init, { allowPrivate: true }),
  });
  return {
    model: options.model,
    async complete(messages, opts = {}) {
      let completion: unknown;
      const budget = AbortSignal.timeout(options.budgetMs);
      try {
        // raced against the budget too: the SDK's wait before a retry (e.g. a 429's Retry-After) ignores the signal
        completion = await Promise.race([
          client.chat.completions.create(
            {
              model: options.model,
              messages,
              temperature: 0.2,
              ...(opts.json ? { response_format: { type: "json_object" as const } } : {}),
            },
            { signal: budget },
          ),
          new Promise<never>((_, reject) =>
            budget.addEventListener("abort", () => reject(new ModelError("The model did not answer in time.", "timeout")), { once: true }),
          ),
        ]);
      } catch (error) {
        throw toModelError(error);
      }
      const content = (completion as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
      if (typeof content !== "string" || !content.trim()) {
        throw new ModelError("The model's response had no message content.", "malformed");
      }
      return content;
    },
  };
}

function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError || (error instanceof Error && /abort|timeout/i.test(error.name + error.message))) {
    return new ModelError("The model did not answer in time.", "timeout", { cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status) {
    return new ModelError(`The model endpoint answered HTTP ${error.status}.`, "http", { cause: error, status: error.status });
  }
  if (error instanceof SyntaxError) return new ModelError("The model's response was not valid JSON.", "malformed", { cause: error });
  return new ModelError("Could not reach the model endpoint.", "network", { cause: error });
}

let fromEnv: ModelClient | null | undefined;

/** The model configured by `TANDEM_MODEL_*` env vars (created once), or null when `TANDEM_MODEL_BASE_URL` is unset. */
export function modelClientFromEnv(): ModelClient | null {
  if (fromEnv !== undefined) return fromEnv;
  const e = env();
  if (!e.TANDEM_MODEL_BASE_URL) return (fromEnv = null);
  return (fromEnv = createModelClient({
    baseURL: e.TANDEM_MODEL_BASE_URL,
    apiKey: e.TANDEM_MODEL_API_KEY,
    model: e.TANDEM_MODEL,
    timeoutMs: e.TANDEM_MODEL_TIMEOUT_MS,
    budgetMs: e.TANDEM_MODEL_BUDGET_MS,
  }));
}
