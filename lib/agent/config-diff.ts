import type { Changes } from "@/lib/audit/record-audit";
import type { AgentConfig } from "./config-schema";

/**
 * The config as `{ "profile.tone": "friendly", "capabilities.refunds.enabled": true, … }`: capabilities keyed by
 * their `capability_id` so reordering is not a change; arrays of strings kept whole.
 */
export function flattenConfig(config: AgentConfig): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config.profile)) flat[`profile.${k}`] = v;
  for (const c of config.capabilities) {
    for (const [k, v] of Object.entries(c)) if (k !== "capabilityId") flat[`capabilities.${c.capabilityId}.${k}`] = v;
  }
  for (const [k, v] of Object.entries(config.routing)) flat[`routing.${k}`] = v;
  return flat;
}

/**
 * What changed between two configs, field by field (`{ "routing.confidenceThreshold": { from: 0.5, to: 0.6 } }`);
 * a field only in one side has `undefined` on the other. `before` null (first version) → `{}`.
 */
export function diffConfigs(before: AgentConfig | null, after: AgentConfig): Changes {
  if (!before) return {};
  const a = flattenConfig(before);
  const b = flattenConfig(after);
  const changes: Changes = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes[key] = { from: a[key] ?? null, to: b[key] ?? null };
  }
  return changes;
}
