import type { Db } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";
import { ChatwootBlockedAddressError, ChatwootError, chatwootClient } from "./client";
import { loadChatwootLink } from "./link";

/**
 * The "Test connection" button: calls Chatwoot's profile and inbox endpoints with the saved link.
 * @returns a sentence for the toast, e.g. "Connected as Dewi (account 3, 2 inboxes)."
 * @throws UserError with a sentence the admin can act on (no link, token refused, account not the token's, unreachable)
 */
export async function testChatwootConnection(db: Db, orgId: string, fetchImpl?: typeof fetch): Promise<string> {
  const link = await loadChatwootLink(db, orgId, "org");
  if (!link) throw new UserError(say("chatwoot.connection.saveLinkFirst"), 409);
  const client = chatwootClient(link.credentials, fetchImpl);
  try {
    const profile = await client.profile();
    if (profile.accounts && !profile.accounts.some((a) => a.id === link.accountId)) {
      throw new UserError(say("chatwoot.connection.notInAccount", { accountId: String(link.accountId) }));
    }
    const inboxes = await client.inboxes();
    // ids are passed as text: an account or user id is a name, never "1,234"
    const name = profile.name ?? profile.email ?? say("chatwoot.connection.unnamedUser", { id: String(profile.id) });
    return say("chatwoot.connection.connected", { name, accountId: String(link.accountId), inboxes: inboxes.length });
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof ChatwootError) {
      if (error instanceof ChatwootBlockedAddressError) throw new UserError(say("chatwoot.connection.notPublic", { baseUrl: link.baseUrl }));
      if (error.status === 0) throw new UserError(say("chatwoot.connection.noAnswer", { baseUrl: link.baseUrl }));
      if (error.status === 401 || error.status === 403) throw new UserError(say("chatwoot.connection.tokenRefused"));
      // the client's technical reason ("Chatwoot answered 502") stays as Chatwoot reported it
      throw new UserError(say("chatwoot.connection.failed", { detail: error.message }));
    }
    throw error;
  }
}
