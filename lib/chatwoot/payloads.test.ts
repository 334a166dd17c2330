import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseChatwootPayload } from "./payloads";

/** Copies of `../shared/data/chatwoot/*.json` (the README's examples), kept in the repository. */
const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot");
const EXAMPLES = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
const example = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");
const exampleJson = (file: string) => JSON.parse(example(file)) as Record<string, unknown>;

function parsedEvent(raw: string) {
  const result = parseChatwootPayload(raw);
  if (result.kind !== "event") throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

describe("parseChatwootPayload on the README's examples", () => {
  it("has the five examples", () => {
    expect(EXAMPLES.sort()).toEqual([
      "conversation_created.json",
      "conversation_status_changed.json",
      "conversation_updated.json",
      "message_created.incoming.json",
      "message_created.private_note_echo.json",
    ]);
  });

  it.each(EXAMPLES)("parses %s as its event", (file) => {
    const event = parsedEvent(example(file));
    expect(event.event).toBe(exampleJson(file).event);
  });

  it("reads what Tandem needs from the incoming message", () => {
    const event = parsedEvent(example("message_created.incoming.json"));
    if (event.event !== "message_created") throw new Error("not a message");
    expect(event).toMatchObject({ id: 48213, message_type: "incoming", private: false, account: { id: 3 } });
    expect(event.content).toBe("Where is my order #1042? It was supposed to arrive on Monday.");
    expect(event.conversation).toMatchObject({ id: 731, inbox_id: 12, status: "open", priority: null, custom_attributes: { order_number: "1042" } });
    expect(event.conversation.meta?.sender).toMatchObject({ id: 9071, name: "Rina Wulandari", email: "rina.w@example.co.id" });
    expect(event.sender?.custom_attributes).toEqual({ order_value: 320 });
  });

  it("reads the echoed private note as private and outgoing", () => {
    const event = parsedEvent(example("message_created.private_note_echo.json"));
    expect(event).toMatchObject({ event: "message_created", private: true, message_type: "outgoing" });
  });

  it("reads changed_attributes as an array of single-key objects, and null on status changes", () => {
    const updated = parsedEvent(example("conversation_updated.json"));
    if (updated.event !== "conversation_updated") throw new Error("not an update");
    expect(updated.changed_attributes?.[0]).toEqual({ status: { previous_value: "open", current_value: "resolved" } });
    const changed = parsedEvent(example("conversation_status_changed.json"));
    if (changed.event !== "conversation_status_changed") throw new Error("not a status change");
    expect(changed).toMatchObject({ id: 731, status: "resolved", priority: "high", changed_attributes: null });
  });

  it("keeps unknown extra keys, at the top and nested", () => {
    const json = exampleJson("message_created.incoming.json");
    json.brand_new_field = { nested: true };
    (json.conversation as Record<string, unknown>).sla_policy_id = 7;
    const event = parsedEvent(JSON.stringify(json)) as unknown as Record<string, unknown>;
    expect(event.brand_new_field).toEqual({ nested: true });
    expect((event.conversation as Record<string, unknown>).sla_policy_id).toBe(7);
    expect(event.content_type).toBe("text");
    expect((event.conversation as Record<string, unknown>).contact_inbox).toMatchObject({ pubsub_token: "x1y2z3" });
  });
});

describe("parseChatwootPayload on what Tandem doesn't handle", () => {
  it.each(["contact_created", "webwidget_triggered", "conversation_typing_on"])("acknowledges and ignores %s", (event) => {
    expect(parseChatwootPayload(JSON.stringify({ event, id: 1 }))).toEqual({ kind: "ignored", event });
  });

  it("ignores a JSON body without an event name", () => {
    expect(parseChatwootPayload(JSON.stringify({ id: 1 }))).toEqual({ kind: "ignored", event: "(none)" });
    expect(parseChatwootPayload("[]")).toEqual({ kind: "ignored", event: "(none)" });
    expect(parseChatwootPayload("null")).toEqual({ kind: "ignored", event: "(none)" });
  });

  it.each(["", "not json", "{\"event\": \"message_created\"", "<xml/>"])("refuses non-JSON %j as invalid", (raw) => {
    expect(parseChatwootPayload(raw)).toEqual({ kind: "invalid", issues: "body is not JSON" });
  });

  it("refuses a message_created without its conversation", () => {
    const json = exampleJson("message_created.incoming.json");
    delete json.conversation;
    const result = parseChatwootPayload(JSON.stringify(json));
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") expect(result.issues).toMatch(/conversation/);
  });

  it.each([
    ["a message id that isn't a number", (j: Record<string, unknown>) => (j.id = "48213")],
    ["an unknown message_type", (j: Record<string, unknown>) => (j.message_type = "sideways")],
    ["a conversation status Chatwoot doesn't have", (j: Record<string, unknown>) => ((j.conversation as Record<string, unknown>).status = "closed")],
    ["no account", (j: Record<string, unknown>) => delete j.account],
  ])("refuses a message_created with %s", (_name, mutate) => {
    const json = exampleJson("message_created.incoming.json");
    mutate(json);
    expect(parseChatwootPayload(JSON.stringify(json)).kind).toBe("invalid");
  });

  it("refuses a conversation event without its inbox", () => {
    const json = exampleJson("conversation_created.json");
    delete json.inbox_id;
    expect(parseChatwootPayload(JSON.stringify(json)).kind).toBe("invalid");
  });
});
