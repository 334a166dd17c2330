/**
 * A local Chatwoot stand-in for tests: a plain HTTP server on 127.0.0.1 (random port) that implements the REST
 * endpoints Tandem calls (lib/chatwoot/client.ts) and validates EVERY request against Chatwoot's own OpenAPI 3.1
 * description with openapi-backend — path, method, path/query parameters and JSON body — recording what it received
 * and whether it was valid. Tests never touch a real Chatwoot.
 *
 * The description is a copy of `../shared/data/chatwoot/openapi.json` (upstream commit 59442e57, v4.16.2, MIT — see
 * `test/fixtures/chatwoot/LICENSE`) kept in `test/fixtures/chatwoot-openapi.json` so the tests don't depend on a
 * directory outside the repository. Known quirks of that description (data/chatwoot/README.md) and how the stand-in
 * treats them:
 * - `content` is required on create-message: kept (Tandem always sends text; attachments go multipart, not used);
 * - the priority enum lists `none`, which Chatwoot's model doesn't have: the stand-in refuses `none`;
 * - the assignments body lacks `assignee_type`: the stand-in accepts it.
 * Stricter than the description on purpose: a JSON body must be sent as `application/json`, and a top-level body key
 * the operation doesn't describe (a typo such as `privat`) makes the request invalid.
 *
 * Answers: a wrong or missing `api_access_token` → 401; an invalid request → 400 (and `valid: false` in `requests`);
 * an unknown account id → 404; scripted failures ({@link ChatwootStandin.failNext}) → the status chosen.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";

/** Chatwoot's OpenAPI description, copied into the repository (see the file comment). */
export const CHATWOOT_OPENAPI_PATH = path.resolve(import.meta.dirname, "fixtures/chatwoot-openapi.json");

export type StandinRequest = {
  method: string;
  /** the path without the query string */
  path: string;
  query: Record<string, string>;
  /** the parsed JSON body (undefined without a body; the raw text when it isn't JSON) */
  body: unknown;
  /** the OpenAPI operation the request matched, or null when no operation has this path and method */
  operationId: string | null;
  /** matched an operation and passed its validation (parameters and body) */
  valid: boolean;
  errors: string[];
  /** the `api_access_token` header was the stand-in's token */
  authorized: boolean;
  /** the status the stand-in answered */
  status: number;
};

export type StandinMessage = {
  id: number;
  conversation_id: number;
  account_id: number;
  inbox_id: number;
  content: string;
  /** 0 incoming, 1 outgoing (the integer form of Chatwoot's message schema) */
  message_type: 0 | 1;
  private: boolean;
  /** epoch seconds */
  created_at: number;
  content_type: "text";
  sender_type: "User" | "Contact";
  sender_id: number;
  status: "sent";
};

export type StandinConversation = {
  id: number;
  inbox_id: number;
  status: "open" | "resolved" | "pending" | "snoozed";
  priority: "low" | "medium" | "high" | "urgent" | null;
  labels: string[];
  assignee_id: number | null;
  team_id: number | null;
  /** epoch seconds */
  created_at: number;
  last_activity_at: number;
  timestamp: number;
};

export type FailureScript = {
  match: string | RegExp;
  method?: string;
  status: number;
  times: number;
  /** process the request (e.g. store the message) and only then answer `status` — an answer lost on the way back */
  afterProcessing: boolean;
};

export type ChatwootStandin = {
  /** `http://127.0.0.1:<port>` — the link's base URL */
  url: string;
  accountId: number;
  /** the API access token the stand-in accepts */
  token: string;
  /** every request received, in order */
  requests: StandinRequest[];
  /** the inboxes `GET …/inboxes` lists */
  inboxes: { id: number; name: string; channel_type: string }[];
  /** conversations by display id (created on first use by any conversation endpoint, or by {@link addConversation}) */
  conversations: Map<number, StandinConversation>;
  /** messages by conversation display id, oldest first */
  messages: Map<number, StandinMessage[]>;
  /** public outgoing messages posted through the API (replies to customers), oldest first */
  replies: (conversationId?: number) => StandinMessage[];
  /** private notes posted through the API, oldest first */
  notes: (conversationId?: number) => StandinMessage[];
  /** requests that failed validation or matched no operation */
  invalidRequests: () => StandinRequest[];
  /** requests whose path ends with `suffix` (e.g. `/toggle_priority`), optionally for one method */
  requestsTo: (suffix: string, method?: string) => StandinRequest[];
  /** `/api/v1/accounts/{accountId}/conversations/{id}` + `sub` */
  conversationPath: (conversationId: number, sub?: string) => string;
  /** adds (or replaces) a conversation the listing endpoints show */
  addConversation: (c: Partial<StandinConversation> & { id: number }) => StandinConversation;
  /** adds a message as if it arrived in Chatwoot (e.g. a customer message whose webhook was dropped) */
  addMessage: (conversationId: number, m: Partial<StandinMessage> & { content: string }) => StandinMessage;
  /**
   * Makes the next `times` requests whose path equals `match` (or ends with it; or matches the RegExp) answer
   * `status`. With `afterProcessing`, the request is processed first (a reply is stored) and the answer is lost.
   */
  failNext: (match: string | RegExp, status: number, times?: number, options?: { method?: string; afterProcessing?: boolean }) => void;
  /** forgets requests, conversations, messages and scripted failures (the id sequence keeps counting) */
  reset: () => void;
  close: () => Promise<void>;
};

const PRIORITIES = ["low", "medium", "high", "urgent"] as const;

/** The description with the README's known quirks handled (see the file comment). */
function loadDefinition(file: string): Document {
  const def = JSON.parse(readFileSync(file, "utf8")) as Document;
  type Paths = Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } }>>;
  const body = (p: string) => (def.paths as unknown as Paths)[p]?.post?.requestBody?.content?.["application/json"]?.schema as { properties?: Record<string, { enum?: unknown[] }> } | undefined;
  const priority = body("/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_priority")?.properties?.priority;
  if (!priority?.enum) throw new Error("chatwoot stand-in: toggle_priority has no priority enum in the description");
  priority.enum = priority.enum.filter((v) => v !== "none");
  const assignments = body("/api/v1/accounts/{account_id}/conversations/{conversation_id}/assignments");
  if (!assignments?.properties) throw new Error("chatwoot stand-in: assignments has no body in the description");
  assignments.properties.assignee_type = { type: "string", enum: ["User", "AgentBot", "Team"] } as { enum: unknown[] };
  return def;
}

/** The top-level body keys the operation's JSON schema describes, or null when it allows anything. */
function describedKeys(op: Operation): Set<string> | null {
  const requestBody = op.requestBody as { content?: Record<string, { schema?: { properties?: Record<string, unknown>; additionalProperties?: unknown } }> } | undefined;
  const schema = requestBody?.content?.["application/json"]?.schema;
  if (!schema?.properties || schema.additionalProperties) return null;
  return new Set(Object.keys(schema.properties));
}

const epochSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Starts a stand-in.
 * @param options.accountId the Chatwoot account id (default 3, as in the example payloads)
 * @param options.token the API access token it accepts
 */
export async function startChatwootStandin({ accountId = 3, token = "standin-token-0123456789", specPath = CHATWOOT_OPENAPI_PATH }: { accountId?: number; token?: string; specPath?: string } = {}): Promise<ChatwootStandin> {
  const api = new OpenAPIBackend({
    definition: loadDefinition(specPath),
    // quick: skip openapi-backend's own check of the document, which knows OpenAPI 3.0 only and refuses 3.1 type arrays
    quick: true,
    validate: true,
    strict: false,
    coerceTypes: true,
    ajvOpts: { allErrors: true, logger: false },
  });
  await api.init();

  let nextMessageId = 90_000;
  const failures: FailureScript[] = [];
  const standin = {
    accountId,
    token,
    requests: [] as StandinRequest[],
    inboxes: [
      { id: 12, name: "Website chat", channel_type: "Channel::WebWidget" },
      { id: 13, name: "Email", channel_type: "Channel::Email" },
    ],
    conversations: new Map<number, StandinConversation>(),
    messages: new Map<number, StandinMessage[]>(),
  } as ChatwootStandin;

  const conversation = (id: number): StandinConversation => {
    let c = standin.conversations.get(id);
    if (!c) {
      const now = epochSeconds();
      c = { id, inbox_id: standin.inboxes[0]!.id, status: "open", priority: null, labels: [], assignee_id: null, team_id: null, created_at: now, last_activity_at: now, timestamp: now };
      standin.conversations.set(id, c);
    }
    return c;
  };
  const store = (conversationId: number, m: Partial<StandinMessage> & { content: string }): StandinMessage => {
    const c = conversation(conversationId);
    const message: StandinMessage = {
      id: ++nextMessageId,
      conversation_id: conversationId,
      account_id: accountId,
      inbox_id: c.inbox_id,
      message_type: 1,
      private: false,
      created_at: epochSeconds(),
      content_type: "text",
      sender_type: m.message_type === 0 ? "Contact" : "User",
      sender_id: 1,
      status: "sent",
      ...m,
    };
    const list = standin.messages.get(conversationId) ?? [];
    list.push(message);
    standin.messages.set(conversationId, list);
    c.last_activity_at = message.created_at;
    c.timestamp = message.created_at;
    return message;
  };
  const outgoing = (isPrivate: boolean, conversationId?: number) =>
    [...standin.messages.entries()]
      .filter(([id]) => conversationId === undefined || id === conversationId)
      .flatMap(([, list]) => list)
      .filter((m) => m.message_type === 1 && m.private === isPrivate)
      .sort((a, b) => a.id - b.id);

  /** The answer to a valid, authorized request: [status, body]. */
  function handle(operationId: string, params: Record<string, string>, body: Record<string, unknown>, query: Record<string, string>): [number, unknown] {
    if (params.account_id !== undefined && Number(params.account_id) !== accountId) return [404, { error: "Account not found" }];
    const conversationId = Number(params.conversation_id);
    switch (operationId) {
      case "fetchProfile":
        return [200, { id: 1, name: "Tandem Bot", available_name: "Tandem Bot", email: "bot@example.com", role: "administrator", account_id: accountId, accounts: [{ id: accountId, name: "Toko Batik Sejahtera", role: "administrator", status: "active" }] }];
      case "listAllInboxes":
        return [200, { payload: standin.inboxes }];
      case "conversationList": {
        const status = query.status ?? "open";
        const page = Number(query.page ?? 1);
        const all = [...standin.conversations.values()].filter((c) => status === "all" || c.status === status).sort((a, b) => b.last_activity_at - a.last_activity_at);
        const payload = all.slice((page - 1) * 25, page * 25).map((c) => ({ ...c, messages: (standin.messages.get(c.id) ?? []).slice(-1), meta: { sender: { id: 9071, name: "Rina Wulandari" } } }));
        return [200, { data: { meta: { mine_count: 0, unassigned_count: all.length, assigned_count: 0, all_count: all.length }, payload } }];
      }
      case "list-all-messages":
        conversation(conversationId);
        return [200, { meta: { labels: conversation(conversationId).labels }, payload: standin.messages.get(conversationId) ?? [] }];
      case "create-a-new-message-in-a-conversation": {
        const message = store(conversationId, { content: String(body.content), private: body.private === true, message_type: body.message_type === "incoming" ? 0 : 1 });
        return [200, message];
      }
      case "toggle-priority-of-a-conversation": {
        const p = body.priority as (typeof PRIORITIES)[number];
        conversation(conversationId).priority = PRIORITIES.includes(p) ? p : null;
        return [200, undefined];
      }
      case "toggle-status-of-a-conversation": {
        const c = conversation(conversationId);
        c.status = body.status as StandinConversation["status"];
        return [200, { meta: {}, payload: { success: true, current_status: c.status, conversation_id: conversationId } }];
      }
      case "conversation-add-labels":
        conversation(conversationId).labels = [...(body.labels as string[])];
        return [200, { payload: conversation(conversationId).labels }];
      case "assign-a-conversation": {
        const c = conversation(conversationId);
        if (typeof body.assignee_id === "number") {
          c.assignee_id = body.assignee_id;
          return [200, { id: body.assignee_id, name: `Agent ${body.assignee_id}`, available_name: `Agent ${body.assignee_id}`, role: "agent" }];
        }
        if (typeof body.team_id === "number") c.team_id = body.team_id;
        return [200, { id: body.team_id ?? null }];
      }
      default:
        return [501, { error: `The stand-in does not implement ${operationId}` }];
    }
  }

  function scriptedFailure(method: string, requestPath: string): FailureScript | null {
    const i = failures.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && (typeof f.match === "string" ? requestPath === f.match || requestPath.endsWith(f.match) : f.match.test(requestPath)),
    );
    if (i < 0) return null;
    const f = failures[i]!;
    if (--f.times <= 0) failures.splice(i, 1);
    return f;
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const headers: IncomingHttpHeaders = req.headers;
    const errors: string[] = [];
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
        errors.push("body is not JSON");
      }
      if (!String(headers["content-type"] ?? "").startsWith("application/json")) errors.push(`body sent as ${headers["content-type"] ?? "(no content-type)"}, not application/json`);
    }
    const request = { method: method.toLowerCase(), path: url.pathname, query, headers: headers as Record<string, string>, body };
    const op = api.router.matchOperation(request);
    if (!op) errors.push(`no operation ${method} ${url.pathname} in Chatwoot's API`);
    else {
      const result = api.validator.validateRequest(request, op);
      for (const e of result.errors ?? []) errors.push(`${e.instancePath || "/"} ${e.message ?? e.keyword}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}`);
      const keys = describedKeys(op);
      if (keys && body && typeof body === "object" && !Array.isArray(body)) for (const k of Object.keys(body)) if (!keys.has(k)) errors.push(`/requestBody/${k} is not a field of ${op.operationId}`);
    }
    const authorized = headers.api_access_token === token;
    const recorded: StandinRequest = { method, path: url.pathname, query, body, operationId: op?.operationId ?? null, valid: errors.length === 0, errors, authorized, status: 0 };
    standin.requests.push(recorded);

    const answer = (status: number, payload?: unknown) => {
      recorded.status = status;
      if (payload === undefined) {
        res.writeHead(status);
        res.end();
      } else {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(payload));
      }
    };
    if (!authorized) return answer(401, { errors: ["You need to sign in or sign up before continuing."] });
    if (!recorded.valid || !op) return answer(op ? 400 : 404, { error: "Request does not match Chatwoot's API", errors });
    const failure = scriptedFailure(method, url.pathname);
    if (failure && !failure.afterProcessing) return answer(failure.status, { error: `scripted ${failure.status}` });
    const params = api.router.parseRequest(request, op).params as Record<string, string>;
    const [status, payload] = handle(op.operationId ?? "", params, (body ?? {}) as Record<string, unknown>, query);
    if (failure) return answer(failure.status, { error: `scripted ${failure.status}` });
    return answer(status, payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  standin.url = `http://127.0.0.1:${port}`;
  standin.replies = (conversationId) => outgoing(false, conversationId);
  standin.notes = (conversationId) => outgoing(true, conversationId);
  standin.invalidRequests = () => standin.requests.filter((r) => !r.valid);
  standin.requestsTo = (suffix, method) => standin.requests.filter((r) => r.path.endsWith(suffix) && (!method || r.method === method.toUpperCase()));
  standin.conversationPath = (conversationId, sub = "") => `/api/v1/accounts/${accountId}/conversations/${conversationId}${sub}`;
  standin.addConversation = (c) => {
    const now = epochSeconds();
    const full: StandinConversation = { inbox_id: standin.inboxes[0]!.id, status: "open", priority: null, labels: [], assignee_id: null, team_id: null, created_at: now, last_activity_at: now, timestamp: now, ...c };
    standin.conversations.set(full.id, full);
    return full;
  };
  standin.addMessage = (conversationId, m) => store(conversationId, { message_type: 0, ...m });
  standin.failNext = (match, status, times = 1, { method, afterProcessing = false } = {}) => {
    failures.push({ match, status, times, method, afterProcessing });
  };
  standin.reset = () => {
    standin.requests.length = 0;
    standin.conversations.clear();
    standin.messages.clear();
    failures.length = 0;
  };
  standin.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standin;
}
