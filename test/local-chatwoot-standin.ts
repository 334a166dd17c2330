import { afterAll, beforeAll } from "vitest";
import { type ChatwootStandin, startChatwootStandin } from "./chatwoot-standin";

/** A stand-in for the whole test file: started before its tests, closed after them. */
export function localChatwootStandin(options?: Parameters<typeof startChatwootStandin>[0]): { readonly standin: ChatwootStandin } {
  let standin: ChatwootStandin | undefined;
  beforeAll(async () => {
    standin = await startChatwootStandin(options);
  });
  afterAll(async () => {
    await standin?.close();
  });
  return {
    get standin() {
      if (!standin) throw new Error("the Chatwoot stand-in starts in beforeAll");
      return standin;
    },
  };
}
