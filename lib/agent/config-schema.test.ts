/**
 * The agent config schemas (002_… editor steps): every step's rules, checked on the step schema the editor uses and
 * on the whole-config schema the server uses on save/publish/draft, so the two never disagree.
 */
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import {
  agentConfigSchema,
  capabilityIdSchema,
  capabilityPackSchema,
  defaultAgentConfig,
  EDITOR_STEPS,
  profileSchema,
  routingSchema,
  type AgentConfig,
  type Capability,
} from "./config-schema";

const base = (): AgentConfig => defaultAgentConfig("en");

const capability = (overrides: Partial<Capability> = {}): Capability => ({
  capabilityId: "refunds",
  name: "Refunds",
  description: "Refund questions",
  collections: ["guidelines"],
  exampleQuestions: ["Where is my refund?"],
  enabled: true,
  ...overrides,
});

/** The issues of a failed parse as `path → message` (fails the test when the value is accepted). */
function issuesOf(schema: ZodType, value: unknown): { path: string; message: string }[] {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)?.slice(0, 200)} to be refused`).toBe(false);
  return result.error!.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** Asserts the value is refused with an issue at `path` (and, when given, a message matching `message`). */
function expectRefused(schema: ZodType, value: unknown, path: string, message?: RegExp): void {
  const issues = issuesOf(schema, value);
  const at = issues.filter((i) => i.path === path);
  expect(at, `issues: ${JSON.stringify(issues)}`).not.toHaveLength(0);
  if (message) expect(at.map((i) => i.message).join(" | ")).toMatch(message);
}

/** A whole config with one step replaced. */
const withProfile = (p: Record<string, unknown>) => ({ ...base(), profile: { ...base().profile, ...p } });
const withRouting = (r: Record<string, unknown>) => ({ ...base(), routing: { ...base().routing, ...r } });
const withCapabilities = (capabilities: unknown) => ({ ...base(), capabilities });

describe("defaultAgentConfig", () => {
  it.each(["en", "id", "both"] as const)("passes the whole schema and every step schema (%s)", (language) => {
    const config = defaultAgentConfig(language, "Helper");
    expect(agentConfigSchema.parse(config)).toEqual(config);
    expect(profileSchema.safeParse(config.profile).success).toBe(true);
    expect(capabilityPackSchema.safeParse(config.capabilities).success).toBe(true);
    expect(routingSchema.safeParse(config.routing).success).toBe(true);
    expect(config.profile).toMatchObject({ name: "Helper", language });
  });

  it("the editor steps are the three step schemas, in order", () => {
    expect(EDITOR_STEPS.map((s) => s.key)).toEqual(["profile", "capabilities", "routing"]);
    expect(EDITOR_STEPS.map((s) => s.schema)).toEqual([profileSchema, capabilityPackSchema, routingSchema]);
  });

  it("returns a fresh object each call (callers may mutate it)", () => {
    const a = defaultAgentConfig();
    a.routing.channelIds.push("00000000-0000-4000-8000-000000000000");
    a.capabilities[0]!.collections.push("x");
    expect(defaultAgentConfig().routing.channelIds).toEqual([]);
    expect(defaultAgentConfig().capabilities[0]!.collections).toEqual(["*"]);
  });
});

describe("step 1 — profile", () => {
  it.each([
    ["name", /Name is required/],
    ["greeting", /Greeting is required/],
    ["handoverMessage", /Handover message is required/],
    ["fallbackMessage", /Fallback message is required/],
  ])("an empty %s is refused", (field, message) => {
    expectRefused(profileSchema, { ...base().profile, [field]: "" }, field, message);
    expectRefused(agentConfigSchema, withProfile({ [field]: "" }), `profile.${field}`, message);
  });

  it.each(["name", "greeting", "handoverMessage"])("a whitespace-only %s is refused (trimmed first)", (field) => {
    expectRefused(profileSchema, { ...base().profile, [field]: "   \n\t " }, field, /required/);
  });

  it("trims the texts it accepts", () => {
    const parsed = profileSchema.parse({ ...base().profile, name: "  Sari  ", greeting: " Hi! " });
    expect(parsed).toMatchObject({ name: "Sari", greeting: "Hi!" });
  });

  it.each(["fr", "EN", "", "indonesian", null, undefined])("an unknown language (%s) is refused", (language) => {
    expectRefused(profileSchema, { ...base().profile, language }, "language", /Bahasa Indonesia, English or both/);
    expectRefused(agentConfigSchema, withProfile({ language }), "profile.language");
  });

  it("an unknown tone is refused", () => {
    expectRefused(profileSchema, { ...base().profile, tone: "sarcastic" }, "tone", /Pick a tone/);
  });

  it.each([
    ["name", 80],
    ["persona", 500],
    ["greeting", 500],
    ["handoverMessage", 500],
    ["instructions", 4000],
  ] as const)("%s is limited to %i characters", (field, max) => {
    expect(profileSchema.safeParse({ ...base().profile, [field]: "a".repeat(max) }).success).toBe(true);
    expectRefused(profileSchema, { ...base().profile, [field]: "a".repeat(max + 1) }, field, new RegExp(`under ${max}`));
  });

  it("persona and instructions may be empty", () => {
    expect(profileSchema.safeParse({ ...base().profile, persona: "", instructions: "" }).success).toBe(true);
  });

  it("a missing profile field is refused", () => {
    const { handoverMessage: _omit, ...rest } = base().profile;
    expectRefused(profileSchema, rest, "handoverMessage");
  });
});

describe("capability ids", () => {
  it.each(["refunds", "order_status", "a1", "x".repeat(40)])("accepts %s", (id) => {
    expect(capabilityIdSchema.safeParse(id).success).toBe(true);
  });

  it.each(["Refunds", "1refunds", "_refunds", "r", "order-status", "order status", "x".repeat(41), "", "refünds"])("refuses %j", (id) => {
    expectRefused(capabilityIdSchema, id, "", /lowercase letters/);
  });
});

describe("step 2 — capability pack", () => {
  it("accepts one enabled capability", () => {
    expect(capabilityPackSchema.parse([capability()])).toEqual([capability()]);
  });

  it("an empty pack is refused", () => {
    expectRefused(capabilityPackSchema, [], "", /at least one capability/);
    expectRefused(agentConfigSchema, withCapabilities([]), "capabilities", /at least one capability/);
  });

  it("a pack with every capability disabled is refused", () => {
    const pack = [capability({ enabled: false }), capability({ capabilityId: "shipping", enabled: false })];
    expectRefused(capabilityPackSchema, pack, "", /Enable at least one capability/);
    expectRefused(agentConfigSchema, withCapabilities(pack), "capabilities", /Enable at least one capability/);
  });

  it("one enabled capability among disabled ones is enough", () => {
    const pack = [capability({ enabled: false }), capability({ capabilityId: "shipping" })];
    expect(capabilityPackSchema.safeParse(pack).success).toBe(true);
  });

  it("a duplicate capability id is refused at the second occurrence", () => {
    const pack = [capability(), capability({ capabilityId: "shipping" }), capability({ name: "Refunds again" })];
    expectRefused(capabilityPackSchema, pack, "2.capabilityId", /"refunds" is used twice/);
    expectRefused(agentConfigSchema, withCapabilities(pack), "capabilities.2.capabilityId", /used twice/);
  });

  it("ids that only differ by surrounding whitespace are duplicates (trimmed before the check)", () => {
    const pack = [capability(), capability({ capabilityId: " refunds " })];
    expectRefused(capabilityPackSchema, pack, "1.capabilityId", /used twice/);
  });

  it("a bad capability id is refused at its index", () => {
    expectRefused(capabilityPackSchema, [capability(), capability({ capabilityId: "Bad Id" })], "1.capabilityId", /lowercase letters/);
  });

  it("a capability with no collections is refused", () => {
    expectRefused(capabilityPackSchema, [capability({ collections: [] })], "0.collections", /at least one knowledge collection/);
    expectRefused(agentConfigSchema, withCapabilities([capability({ collections: [] })]), "capabilities.0.collections");
  });

  it("a blank collection name is refused", () => {
    expectRefused(capabilityPackSchema, [capability({ collections: ["  "] })], "0.collections.0");
  });

  it("an empty capability name is refused", () => {
    expectRefused(capabilityPackSchema, [capability({ name: " " })], "0.name", /Capability name is required/);
  });

  it("an empty example question is refused; more than 20 are refused", () => {
    expectRefused(capabilityPackSchema, [capability({ exampleQuestions: [""] })], "0.exampleQuestions.0");
    expectRefused(capabilityPackSchema, [capability({ exampleQuestions: Array.from({ length: 21 }, (_, i) => `q${i}`) })], "0.exampleQuestions", /Up to 20/);
  });

  it("more than 20 capabilities are refused", () => {
    const pack = Array.from({ length: 21 }, (_, i) => capability({ capabilityId: `cap_${i}` }));
    expectRefused(capabilityPackSchema, pack, "", /Up to 20 capabilities/);
  });

  it("a non-boolean enabled is refused", () => {
    expectRefused(capabilityPackSchema, [capability({ enabled: "yes" as unknown as boolean })], "0.enabled");
  });
});

describe("step 3 — routing", () => {
  const routing = () => base().routing;

  it.each([0, 0.4, 1])("confidence threshold %s is accepted", (confidenceThreshold) => {
    expect(routingSchema.safeParse({ ...routing(), confidenceThreshold }).success).toBe(true);
  });

  it.each([
    [-0.1, /Use 0 to 1/],
    [1.5, /Use 0 to 1/],
    ["abc", /between 0 and 1/],
    ["0.5", /between 0 and 1/],
    [null, /between 0 and 1/],
    [Number.NaN, /./],
  ])("confidence threshold %j is refused", (confidenceThreshold, message) => {
    expectRefused(routingSchema, { ...routing(), confidenceThreshold }, "confidenceThreshold", message);
    expectRefused(agentConfigSchema, withRouting({ confidenceThreshold }), "routing.confidenceThreshold", message);
  });

  it.each([1, 10, 100])("message cap %i is accepted", (messageCap) => {
    expect(routingSchema.safeParse({ ...routing(), messageCap }).success).toBe(true);
  });

  it.each([
    [0, /at least 1/],
    [-1, /at least 1/],
    [2.5, /whole number/],
    [101, /At most 100/],
    ["3", /whole number/],
  ])("message cap %j is refused", (messageCap, message) => {
    expectRefused(routingSchema, { ...routing(), messageCap }, "messageCap", message);
    expectRefused(agentConfigSchema, withRouting({ messageCap }), "routing.messageCap", message);
  });

  it.each([5, 30, 1440])("idle minutes %i are accepted", (idleResolveMinutes) => {
    expect(routingSchema.safeParse({ ...routing(), idleResolveMinutes }).success).toBe(true);
  });

  it.each([
    [4, /At least 5/],
    [0, /At least 5/],
    [-30, /At least 5/],
    [1441, /At most 24 hours/],
    [30.5, /whole minutes/],
    ["30", /Enter minutes/],
  ])("idle minutes %j are refused", (idleResolveMinutes, message) => {
    expectRefused(routingSchema, { ...routing(), idleResolveMinutes }, "idleResolveMinutes", message);
    expectRefused(agentConfigSchema, withRouting({ idleResolveMinutes }), "routing.idleResolveMinutes", message);
  });

  it("channel ids must be UUIDs", () => {
    const ok = ["8d5e2c4a-7f3b-4c1d-9e8f-0a1b2c3d4e5f", "00000000-0000-4000-8000-000000000000"];
    expect(routingSchema.safeParse({ ...routing(), channelIds: ok }).success).toBe(true);
    for (const bad of ["not-a-uuid", "12345", "", "8d5e2c4a7f3b4c1d9e8f0a1b2c3d4e5f", "8d5e2c4a-7f3b-4c1d-9e8f-0a1b2c3d4e5fz"]) {
      expectRefused(routingSchema, { ...routing(), channelIds: [ok[0], bad] }, "channelIds.1");
      expectRefused(agentConfigSchema, withRouting({ channelIds: [bad] }), "routing.channelIds.0");
    }
  });

  it("more than 100 channels are refused", () => {
    const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expectRefused(routingSchema, { ...routing(), channelIds: ids }, "channelIds");
  });

  it("an empty error message is refused; an empty after-hours message is allowed", () => {
    expectRefused(routingSchema, { ...routing(), errorMessage: "  " }, "errorMessage", /Error message is required/);
    expect(routingSchema.safeParse({ ...routing(), afterHoursMessage: "" }).success).toBe(true);
  });

  it("an unknown after-hours mode is refused", () => {
    expectRefused(routingSchema, { ...routing(), afterHoursMode: "ignore" }, "afterHoursMode");
  });

  it("handover keywords: blank ones and more than 50 are refused", () => {
    expectRefused(routingSchema, { ...routing(), handoverKeywords: ["refund", " "] }, "handoverKeywords.1");
    expectRefused(routingSchema, { ...routing(), handoverKeywords: Array.from({ length: 51 }, (_, i) => `k${i}`) }, "handoverKeywords", /Up to 50/);
  });

  it("the handover switches must be booleans", () => {
    expectRefused(routingSchema, { ...routing(), handoverOnHumanRequest: "true" }, "handoverOnHumanRequest");
    expectRefused(routingSchema, { ...routing(), handoverOutsideCapabilities: 1 }, "handoverOutsideCapabilities");
  });
});

describe("the whole config", () => {
  it("reports every wrong step at once, each under its own path", () => {
    const bad = {
      profile: { ...base().profile, name: "" },
      capabilities: [],
      routing: { ...base().routing, messageCap: 0 },
    };
    const paths = issuesOf(agentConfigSchema, bad).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["profile.name", "capabilities", "routing.messageCap"]));
  });

  it("a missing step is refused", () => {
    const { routing: _omit, ...rest } = base();
    expectRefused(agentConfigSchema, rest, "routing");
    expect(agentConfigSchema.safeParse(null).success).toBe(false);
    expect(agentConfigSchema.safeParse("config").success).toBe(false);
  });

  it("unknown keys are dropped, not stored", () => {
    const parsed = agentConfigSchema.parse({ ...base(), extra: 1, profile: { ...base().profile, secret: "x" } });
    expect(parsed).not.toHaveProperty("extra");
    expect(parsed.profile).not.toHaveProperty("secret");
  });
});
