/**
 * The Chatwoot REST client (Chatwoot's `openapi.json`, v4.16): every request Tandem makes to a linked account —
 * private notes and public replies, priority, labels, assignment, and the listings reconciliation polls. Requests carry
 * the API access token in `api_access_token`; the token never reaches logs or errors. 5xx, 429 and network failures are
 * {@link ChatwootRetryableError} (safe to retry); an address that is not public {@link ChatwootBlockedAddressError};
 * other non-2xx answers {@link ChatwootError}.
 */
import { BlockedAddressError, publicFetch } from "@/lib/net/outbound-fetch";

/** A refusal from Chatwoot, or an answer Tandem could not use. */
export class ChatwootError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "ChatwootError";
  }
}
/** A failure worth retrying: network error, timeout, 429 or 5xx. */
export class ChatwootRetryableError extends ChatwootError {
  constructor(message: string, status: number) {
    super(message, status);
    this.name = "ChatwootRetryableError";
  }
}

/**
 * Chatwoot's address is not public (private, loopback, link-local): refused before connecting, and refused again on
 * every retry until the link is changed — never retried.
 */
export class ChatwootBlockedAddressError extends ChatwootError {
  constructor(message: string) {
    super(message, 0);
    this.name = "ChatwootBlockedAddressError";
  }
}

export type ChatwootCredentials = { baseUrl: string; accountId: number; apiToken: string };
export type ChatwootPriority = "low" | "medium" | "high" | "urgent";
export type ChatwootListedConversation = { id: number; inbox_id: number; status: string; last_activity_at?: number; timestamp?: number };
export type ChatwootListedMessage = { id: number; content: string | null; message_type: number | string; private: boolean; created_at: number; sender?: { id: number; name?: string | null; type?: string | null } | null };

/** Milliseconds a single Chatwoot request may take. */
export const CHATWOOT_TIMEOUT_MS = 10_000;

/**
 * A client for one linked account.
 * @param fetchImpl for tests; defaults to {@link publicFetch} (public addresses only, checked at connect time)
 */
export function chatwootClient({ baseUrl, accountId, apiToken }: ChatwootCredentials, fetchImpl: typeof fetch = publicFetch) {
  const root = baseUrl.replace(/\/+$/, "");
  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(`${root}${path}`, {
        method,
        headers: { api_access_token: apiToken, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(CHATWOOT_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof BlockedAddressError) throw new ChatwootBlockedAddressError(`Chatwoot's address ${error.message}`);
      throw new ChatwootRetryableError(`Chatwoot did not answer (${error instanceof Error ? error.name : "network error"})`, 0);
    }
    if (res.status === 429 || res.status >= 500) throw new ChatwootRetryableError(`Chatwoot answered ${res.status}`, res.status);
    if (res.status === 401 || res.status === 403) throw new ChatwootError("Chatwoot refused the API access token", res.status);
    if (!res.ok) throw new ChatwootError(`Chatwoot answered ${res.status} to ${method} ${path.replace(/\/\d+(?=\/|\?|$)/g, "/:id")}`, res.status);
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new ChatwootError("Chatwoot's answer was not JSON", res.status);
    }
  }
  const conv = (id: number) => `/api/v1/accounts/${accountId}/conversations/${id}`;
  return {
    /** `GET /api/v1/profile` — the token's user (the "test connection" button). */
    profile: () => call<{ id: number; name?: string; email?: string; accounts?: { id: number; name?: string }[] }>("GET", "/api/v1/profile"),
    /** `GET …/inboxes` — the account's inboxes, for the inbox → channel mapping. */
    inboxes: async () => (await call<{ payload?: { id: number; name: string; channel_type?: string }[] }>("GET", `/api/v1/accounts/${accountId}/inboxes`)).payload ?? [],
    /** `POST …/messages` — a private note (`private: true`) or a public reply. @returns the new message's id */
    createMessage: async (conversationId: number, { content, private: isPrivate }: { content: string; private: boolean }) => {
      const created = await call<{ id?: number }>("POST", `${conv(conversationId)}/messages`, { content, message_type: "outgoing", private: isPrivate });
      if (typeof created.id !== "number") throw new ChatwootError("Chatwoot did not return the new message's id", 200);
      return created.id;
    },
    /** `POST …/toggle_priority`. */
    setPriority: (conversationId: number, priority: ChatwootPriority) => call<unknown>("POST", `${conv(conversationId)}/toggle_priority`, { priority }),
    /** `POST …/toggle_status` — sets the conversation's status (Tandem resolves a conversation there when it is resolved in Tandem). */
    setStatus: (conversationId: number, status: "open" | "resolved") => call<unknown>("POST", `${conv(conversationId)}/toggle_status`, { status }),
    /** `POST …/labels` — replaces the conversation's labels with `labels`. */
    setLabels: (conversationId: number, labels: string[]) => call<unknown>("POST", `${conv(conversationId)}/labels`, { labels }),
    /** `POST …/assignments` — to an agent, else to a team. */
    assign: (conversationId: number, to: { assigneeId?: number | null; teamId?: number | null }) =>
      call<unknown>("POST", `${conv(conversationId)}/assignments`, to.assigneeId ? { assignee_id: to.assigneeId } : { team_id: to.teamId }),
    /** `GET …/conversations?status=all&page=N` — one page (25 per page in Chatwoot), most recent activity first. */
    listConversations: async (page: number) =>
      (await call<{ data?: { payload?: ChatwootListedConversation[] } }>("GET", `/api/v1/accounts/${accountId}/conversations?status=all&page=${page}`)).data?.payload ?? [],
    /** `GET …/messages` — the conversation's latest messages. */
    listMessages: async (conversationId: number) => (await call<{ payload?: ChatwootListedMessage[] }>("GET", `${conv(conversationId)}/messages`)).payload ?? [],
  };
}

export type ChatwootClient = ReturnType<typeof chatwootClient>;
