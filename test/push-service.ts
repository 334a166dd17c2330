/**
 * The local Web Push service of `test/push-service-server.ts` with a Vitest lifecycle: {@link localPushService} starts
 * one per test file. Everything else is re-exported from there.
 */
import { afterAll, beforeAll } from "vitest";
import { startPushService, type PushService } from "./push-service-server";

export * from "./push-service-server";

/**
 * A push service for the whole test file (started before its tests, closed after) that answers each endpoint path
 * with the statuses queued in `answers` for it, then 201.
 */
export function localPushService(): { readonly service: PushService; answers: Map<string, number[]> } {
  const answers = new Map<string, number[]>();
  let service: PushService | undefined;
  beforeAll(async () => {
    service = await startPushService((request) => answers.get(request.path)?.shift() ?? 201);
  });
  afterAll(async () => {
    await service?.close();
  });
  return {
    answers,
    get service() {
      if (!service) throw new Error("the push service starts in beforeAll");
      return service;
    },
  };
}

