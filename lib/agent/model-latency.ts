/**
 * How long a model has recently taken to compose a reply, so the incoming-message webhook waits for a model-written
 * reply only when it can come within the reply budget (issue 14 item 7): a model that takes 1.5 s is never waited for
 * 200 ms, while a fast local model's replies still come back inline. Per model client, in this process; only the
 * calls the webhook could wait for are recorded (a channel with an outbound reply URL), not the preview's or the
 * Chatwoot drafts'.
 */
import { median } from "simple-statistics";
import type { ModelClient } from "./model-client";

/** The most recent calls kept per model. */
const SAMPLES = 20;
/** Fewer calls than this say nothing yet: until then the webhook waits out its budget, as for an unknown model. */
const MIN_SAMPLES = 5;

const recent = new WeakMap<ModelClient, number[]>();

/** Records one call's duration (ms, success or failure alike: both are how long the webhook would have waited). */
export function recordModelCall(model: ModelClient, ms: number): void {
  const list = recent.get(model) ?? [];
  list.push(ms);
  if (list.length > SAMPLES) list.shift();
  recent.set(model, list);
}

/**
 * The model's typical call duration: the median of its last {@link SAMPLES} calls (ms), or null before
 * {@link MIN_SAMPLES} calls.
 */
export function typicalModelMs(model: ModelClient): number | null {
  const list = recent.get(model);
  return list && list.length >= MIN_SAMPLES ? median(list) : null;
}

/** Forgets what was recorded for `model` (tests that change a stand-in's speed). */
export function forgetModelCalls(model: ModelClient): void {
  recent.delete(model);
}

/**
 * `model`, timed: each call is recorded ({@link recordModelCall}) and `onCall` runs as it starts, with the model's
 * typical duration before this call (null while unknown).
 */
export function timedModel(model: ModelClient, onCall: (typicalMs: number | null) => void): ModelClient {
  return {
    model: model.model,
    async complete(messages, opts) {
      onCall(typicalModelMs(model));
      const started = performance.now();
      try {
        return await model.complete(messages, opts);
      } finally {
        recordModelCall(model, performance.now() - started);
      }
    },
  };
}
