import type { Db } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { ChatwootError, chatwootClient } from "./client";
import { loadChatwootLink } from "./link";

/**
 * The "Test connection" button: calls Chatwoot's profile and inbox endpoints with the saved link.
 * @returns a sentence for the toast, e.g. "Connected as Dewi (account 3, 2 inboxes)."
 * @throws UserError with a sentence the admin can act on (no link, token refused, account not the token's, unreachable)
 */
export async function testChatwootConnection(db: Db, orgId: string, fetchImpl?: typeof fetch): Promise<string> {
  const link = await loadChatwootLink(db, orgId, "org");
  if (!link) throw new UserError("Save the link first.", 409);
  const client = chatwootClient(link.credentials, fetchImpl);
  try {
    const profile = await client.profile();
    if (profile.accounts && !profile.accounts.some((a) => a.id === link.accountId)) {
      throw new UserError(`The token works, but its user is not in account ${link.accountId}.`);
    }
    const inboxes = await client.inboxes();
    return `Connected as ${profile.name ?? profile.email ?? `user ${profile.id}`} (account ${link.accountId}, ${inboxes.length} inbox${inboxes.length === 1 ? "" : "es"}).`;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof ChatwootError) throw new UserError(error.status === 0 ? `Chatwoot at ${link.baseUrl} did not answer.` : `${error.message}.`);
    throw error;
  }
}
