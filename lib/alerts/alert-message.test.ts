/**
 * An alert's sentence in both languages (issue 19 item 1): English exactly as alerts have always read (stored, and
 * pushed to English readers), Indonesian for everyone else, every variant of every signal.
 */
import { describe, expect, it } from "vitest";
import { alertMessage, alertText, groupText, signalLabel } from "./alert-message";

const base = { agentName: "Agent Sari", channelName: "WhatsApp – Sales" };

describe("alert sentences", () => {
  it("read in English as they always have", () => {
    expect(alertMessage({ ...base, signal: "low_confidence", value: 0.214 })).toBe("Agent Sari could not answer a customer on WhatsApp – Sales (confidence 21%)");
    expect(alertMessage({ ...base, signal: "message_cap", value: 20, threshold: 20 })).toBe("Agent Sari reached its 20-message limit with a customer on WhatsApp – Sales");
    expect(alertMessage({ ...base, signal: "unexpected_handoff", value: "handover_keyword", detail: "manager" })).toBe("Agent Sari handed a customer on WhatsApp – Sales to your team unexpectedly (keyword “manager”)");
    expect(alertMessage({ ...base, signal: "unexpected_handoff", value: "capability", detail: "refunds" })).toBe("Agent Sari handed a customer on WhatsApp – Sales to your team unexpectedly (question outside its capabilities)");
    expect(alertMessage({ ...base, signal: "unexpected_handoff", value: "x" })).toBe("Agent Sari handed a customer on WhatsApp – Sales to your team unexpectedly");
    expect(alertMessage({ ...base, signal: "agent_error", value: null })).toBe("Agent Sari ran into an error answering a customer on WhatsApp – Sales");
    expect(alertMessage({ ...base, signal: "draft_engine_failed", value: "engine_timeout" })).toBe("Agent Sari could not draft a reply for a Chatwoot customer on WhatsApp – Sales (it took too long): a person must answer");
    expect(alertMessage({ ...base, signal: "draft_engine_failed", value: "engine_error" })).toBe("Agent Sari could not draft a reply for a Chatwoot customer on WhatsApp – Sales (an error): a person must answer");
    expect(alertMessage({ ...base, signal: "p0_escalation", value: "p0", detail: "keyword “fraud”" })).toBe("P0 escalation on WhatsApp – Sales (keyword “fraud”): answer this customer now");
    expect(alertMessage({ ...base, signal: "p0_escalation", value: "p0" })).toBe("P0 escalation on WhatsApp – Sales: answer this customer now");
    expect(alertMessage({ ...base, signal: "sla_breach", value: "resolution", detail: "P1" })).toBe("A P1 conversation on WhatsApp – Sales missed its resolution SLA");
    expect(alertMessage({ ...base, signal: "sla_breach", value: "first_response" })).toBe("A conversation on WhatsApp – Sales missed its first-response SLA");
  });

  it("read in Bahasa Indonesia for an Indonesian reader, with the same facts", () => {
    expect(alertText("id", { ...base, signal: "low_confidence", value: 0.214 })).toBe("Agent Sari tidak dapat menjawab pelanggan di WhatsApp – Sales (tingkat keyakinan 21%)");
    expect(alertText("id", { ...base, signal: "unexpected_handoff", value: "handover_keyword", detail: "manager" })).toBe("Agent Sari tiba-tiba menyerahkan pelanggan di WhatsApp – Sales ke tim Anda (kata kunci “manager”)");
    expect(alertText("id", { ...base, signal: "sla_breach", value: "resolution", detail: "P1" })).toBe("Percakapan P1 di WhatsApp – Sales melewati SLA penyelesaian");
    expect(alertText("id", { ...base, signal: "message_cap", value: 20, threshold: 20 })).toBe("Agent Sari mencapai batas 20 pesan dengan pelanggan di WhatsApp – Sales");
    expect(groupText("id", { signal: "low_confidence", agentName: null, count: 12 })).toBe("12 percakapan dengan tingkat keyakinan rendah pada asisten bawaan");
    expect(groupText("en", { signal: "sla_breach", agentName: "Agent Sari", count: 3 })).toBe("3 conversations missed their SLA on Agent Sari");
    expect(signalLabel("id", "agent_error")).not.toBe(signalLabel("en", "agent_error"));
  });

  it("names the built-in assistant in the reader's language (it is stored under its English name)", () => {
    const builtIn = { agentName: "Built-in assistant", channelName: "WhatsApp – Sales" };
    expect(alertText("en", { ...builtIn, signal: "agent_error", value: null })).toBe("Built-in assistant ran into an error answering a customer on WhatsApp – Sales");
    expect(alertText("id", { ...builtIn, signal: "agent_error", value: null })).toMatch(/^Asisten bawaan /);
  });
});
