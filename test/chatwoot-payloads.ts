/**
 * Chatwoot webhook payloads for tests, built from the README examples in `test/fixtures/chatwoot/`: a customer's
 * message, a message sent from Chatwoot's side (an agent's reply or a private note), and conversation events.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { signChatwoot } from "@/lib/chatwoot/signature";

/** A fixture file's JSON (a fresh copy each call). */
export const chatwootFixture = (file: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "fixtures/chatwoot", file), "utf8")) as Record<string, any>;

/** A customer's message as Chatwoot sends it, in conversation `conversationId` of inbox `inboxId`. */
export function incomingMessage({ conversationId, content, messageId, inboxId, contactId, orderValue }: { conversationId: number; content: string; messageId: number; inboxId: number; contactId: number; orderValue?: number }) {
  const json = chatwootFixture("message_created.incoming.json");
  json.id = messageId;
  json.content = content;
  json.created_at = new Date().toISOString();
  json.inbox.id = inboxId;
  json.sender.id = contactId;
  if (orderValue !== undefined) json.sender.custom_attributes = { order_value: orderValue };
  json.conversation.id = conversationId;
  json.conversation.inbox_id = inboxId;
  json.conversation.contact_inbox.inbox_id = inboxId;
  json.conversation.meta.sender.id = contactId;
  return json;
}

/** A message Chatwoot reports as sent from its side: an agent's public reply, or a private note. */
export function outgoingMessage({ conversationId, content, messageId, isPrivate = false, createdAt = new Date() }: { conversationId: number; content: string; messageId: number; isPrivate?: boolean; createdAt?: Date }) {
  const json = chatwootFixture("message_created.private_note_echo.json");
  json.id = messageId;
  json.content = content;
  json.private = isPrivate;
  json.created_at = createdAt.toISOString();
  json.conversation.id = conversationId;
  return json;
}

/** A conversation event from the README examples, for `conversationId`. */
export function conversationEvent(file: "conversation_created.json" | "conversation_status_changed.json" | "conversation_updated.json", conversationId: number, patch: Record<string, unknown> = {}) {
  return { ...chatwootFixture(file), id: conversationId, ...patch };
}

/** A delivery as Chatwoot sends it: pretty-printed raw body and headers signed over `"{timestamp}.{body}"`. */
export function signedChatwootDelivery(secret: string, payload: unknown, { deliveryId = randomUUID(), timestamp = Math.floor(Date.now() / 1000) }: { deliveryId?: string; timestamp?: number } = {}) {
  const rawBody = Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload, null, 2));
  const headers = new Headers({ "X-Chatwoot-Delivery": deliveryId, "X-Chatwoot-Timestamp": String(timestamp), "X-Chatwoot-Signature": signChatwoot(secret, timestamp, rawBody), "Content-Type": "application/json" });
  return { headers, rawBody };
}

/** The customer's CSAT answer as Chatwoot reports it: `message_updated` on the survey message (`input_csat`). */
export function csatAnswer({ conversationId, messageId, rating, feedback = "" }: { conversationId: number; messageId: number; rating: number; feedback?: string }) {
  const json = chatwootFixture("message_created.private_note_echo.json");
  json.event = "message_updated";
  json.id = messageId;
  json.private = false;
  json.message_type = "template";
  json.content_type = "input_csat";
  json.content = "Please rate the conversation";
  json.content_attributes = { submitted_values: { csat_survey_response: { rating, feedback_message: feedback } } };
  json.conversation.id = conversationId;
  return json;
}
