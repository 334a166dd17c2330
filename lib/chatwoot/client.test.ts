/**
 * The Chatwoot client against the stand-in server over real HTTP: every request it makes matches Chatwoot's OpenAPI
 * description, and failures map to the right errors. Also checks that the stand-in's validation does catch requests
 * that don't match (so a green run means something).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { ChatwootError, ChatwootRetryableError, chatwootClient } from "./client";

const cw = localChatwootStandin();
const client = () => chatwootClient({ baseUrl: `${cw.standin.url}/`, accountId: cw.standin.accountId, apiToken: cw.standin.token });

async function failure(promise: Promise<unknown>): Promise<ChatwootError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChatwootError) return error;
    throw error;
  }
  throw new Error("expected a ChatwootError");
}

describe("chatwootClient requests match Chatwoot's API", () => {
  beforeEach(() => cw.standin.reset());
  afterEach(() => {
    expect(cw.standin.invalidRequests()).toEqual([]);
  });

  it("reads the profile and the inboxes (test connection)", async () => {
    expect(await client().profile()).toMatchObject({ id: 1, accounts: [{ id: cw.standin.accountId }] });
    expect(await client().inboxes()).toEqual(cw.standin.inboxes);
    expect(cw.standin.requests.map((r) => [r.method, r.path, r.operationId, r.authorized])).toEqual([
      ["GET", "/api/v1/profile", "fetchProfile", true],
      ["GET", `/api/v1/accounts/${cw.standin.accountId}/inboxes`, "listAllInboxes", true],
    ]);
  });

  it("posts a private note and a public reply and returns their ids", async () => {
    const note = await client().createMessage(731, { content: "🤖 AI Draft (Confidence: 0.82)\n\nHi", private: true });
    const reply = await client().createMessage(731, { content: "Hi Rina", private: false });
    expect(reply).toBe(note + 1);
    expect(cw.standin.requestsTo("/conversations/731/messages", "POST").map((r) => r.body)).toEqual([
      { content: "🤖 AI Draft (Confidence: 0.82)\n\nHi", message_type: "outgoing", private: true },
      { content: "Hi Rina", message_type: "outgoing", private: false },
    ]);
    expect(cw.standin.notes(731).map((m) => m.id)).toEqual([note]);
    expect(cw.standin.replies(731).map((m) => m.content)).toEqual(["Hi Rina"]);
  });

  it.each(["low", "medium", "high", "urgent"] as const)("sets priority %s", async (priority) => {
    await client().setPriority(731, priority);
    expect(cw.standin.conversations.get(731)?.priority).toBe(priority);
  });

  it("replaces the labels and assigns to an agent or a team", async () => {
    await client().setLabels(731, ["priority-p1", "escalated"]);
    await client().assign(731, { assigneeId: 44, teamId: 7 });
    await client().assign(732, { assigneeId: null, teamId: 7 });
    expect(cw.standin.conversations.get(731)).toMatchObject({ labels: ["priority-p1", "escalated"], assignee_id: 44 });
    expect(cw.standin.requestsTo("/assignments").map((r) => r.body)).toEqual([{ assignee_id: 44 }, { team_id: 7 }]);
  });

  it("lists conversations (status all, paged) and a conversation's messages", async () => {
    cw.standin.addConversation({ id: 800, status: "resolved" });
    cw.standin.addConversation({ id: 801 });
    const m = cw.standin.addMessage(801, { content: "Where is my order?" });
    expect((await client().listConversations(1)).map((c) => c.id).sort()).toEqual([800, 801]);
    expect(await client().listConversations(2)).toEqual([]);
    expect(await client().listMessages(801)).toMatchObject([{ id: m.id, content: "Where is my order?", message_type: 0, private: false }]);
    expect(cw.standin.requests[0]).toMatchObject({ query: { status: "all", page: "1" }, operationId: "conversationList" });
  });
});

describe("chatwootClient failures", () => {
  beforeEach(() => cw.standin.reset());

  it.each([500, 502, 503, 429])("treats %i as retryable", async (status) => {
    cw.standin.failNext("/toggle_priority", status);
    const error = await failure(client().setPriority(731, "high"));
    expect(error).toBeInstanceOf(ChatwootRetryableError);
    expect(error.status).toBe(status);
  });

  it("refuses a wrong token with a non-retryable 401 that doesn't repeat the token", async () => {
    const wrong = chatwootClient({ baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: "wrong-token-5555" });
    const error = await failure(wrong.profile());
    expect(error).not.toBeInstanceOf(ChatwootRetryableError);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain("wrong-token-5555");
    expect(cw.standin.requests).toMatchObject([{ authorized: false, status: 401 }]);
  });

  it("reports another account's 404 with the ids masked (and the API version kept)", async () => {
    const other = chatwootClient({ baseUrl: cw.standin.url, accountId: 999, apiToken: cw.standin.token });
    const error = await failure(other.setLabels(731, []));
    expect(error).toMatchObject({ status: 404, message: "Chatwoot answered 404 to POST /api/v1/accounts/:id/conversations/:id/labels" });
    const listing = await failure(other.listConversations(2));
    expect(listing.message).toBe("Chatwoot answered 404 to GET /api/v1/accounts/:id/conversations?status=all&page=2");
  });

  it("treats an unreachable Chatwoot as retryable with status 0", async () => {
    const gone = chatwootClient({ baseUrl: "http://127.0.0.1:9", accountId: 3, apiToken: "t" });
    const error = await failure(gone.profile());
    expect(error).toBeInstanceOf(ChatwootRetryableError);
    expect(error.status).toBe(0);
  });

  it("counts scripted failures down, then answers normally", async () => {
    cw.standin.failNext(cw.standin.conversationPath(731, "/messages"), 500, 2, { method: "POST" });
    await failure(client().createMessage(731, { content: "a", private: false }));
    await failure(client().createMessage(731, { content: "b", private: false }));
    expect(await client().createMessage(731, { content: "c", private: false })).toBeGreaterThan(0);
    expect(cw.standin.replies(731).map((m) => m.content)).toEqual(["c"]);
  });

  it("can lose an answer: the stand-in stores the reply, then answers 500", async () => {
    cw.standin.failNext("/messages", 500, 1, { afterProcessing: true });
    await failure(client().createMessage(731, { content: "kept", private: false }));
    expect(cw.standin.replies(731).map((m) => m.content)).toEqual(["kept"]);
  });
});

describe("the stand-in refuses requests that don't match Chatwoot's API", () => {
  beforeEach(() => cw.standin.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${cw.standin.url}${path}`, { method: "POST", headers: { api_access_token: cw.standin.token, "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

  it.each([
    ["a typo in a body field", "/messages", { content: "hi", message_type: "outgoing", privat: true }, /privat is not a field/],
    ["no content on create-message", "/messages", { message_type: "outgoing", private: true }, /content/],
    ["a message_type Chatwoot doesn't have", "/messages", { content: "hi", message_type: "note" }, /message_type/],
    ["private as a string", "/messages", { content: "hi", private: "true" }, /private/],
    ["priority P0", "/toggle_priority", { priority: "P0" }, /priority/],
    ["priority none (listed by the description, unknown to Chatwoot)", "/toggle_priority", { priority: "none" }, /priority/],
    ["labels as a string", "/labels", { labels: "a,b" }, /labels/],
    ["an assignee id as a string", "/assignments", { assignee_id: "44" }, /assignee_id/],
  ])("%s", async (_name, sub, body, error) => {
    const res = await post(cw.standin.conversationPath(731, sub), body);
    expect(res.status).toBe(400);
    expect(cw.standin.requests).toHaveLength(1);
    expect(cw.standin.requests[0]).toMatchObject({ valid: false, status: 400 });
    expect(cw.standin.requests[0]!.errors.join("\n")).toMatch(error);
    expect(cw.standin.messages.get(731) ?? []).toEqual([]);
  });

  it("accepts assignee_type on assignments (a quirk of the description)", async () => {
    expect((await post(cw.standin.conversationPath(731, "/assignments"), { assignee_id: 44, assignee_type: "User" })).status).toBe(200);
  });

  it("refuses a JSON body sent as form data, a body that isn't JSON, a non-integer path id and an unknown path", async () => {
    expect((await post(cw.standin.conversationPath(731, "/labels"), { labels: [] }, { "content-type": "text/plain" })).status).toBe(400);
    expect((await post(cw.standin.conversationPath(731, "/labels"), "{labels:")).status).toBe(400);
    expect((await post(`/api/v1/accounts/${cw.standin.accountId}/conversations/abc/labels`, { labels: [] })).status).toBe(400);
    expect((await post(cw.standin.conversationPath(731, "/toggle_sideways"), {})).status).toBe(404);
    expect(cw.standin.requests.map((r) => r.valid)).toEqual([false, false, false, false]);
    expect(cw.standin.requests[3]!.operationId).toBeNull();
  });

  it("refuses a request without the token with 401 (and still records whether it was valid)", async () => {
    const res = await fetch(`${cw.standin.url}/api/v1/profile`);
    expect(res.status).toBe(401);
    expect(cw.standin.requests).toMatchObject([{ authorized: false, valid: true, status: 401 }]);
  });
});
