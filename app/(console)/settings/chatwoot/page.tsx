import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { requestOrigin } from "@/app/_lib/origin";
import { CopyButton } from "@/components/copy-button";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { getChatwootLink } from "@/lib/chatwoot/link";
import { formatInZone } from "@/lib/time/format";
import { ChatwootLinkForm } from "./link-form";
import { TriageRulesForm } from "./triage-rules-form";

export const metadata: Metadata = { title: "Chatwoot" };

export default async function ChatwootSettingsPage() {
  const member = await requireMember("settingsWrite");
  const db = await getDb();
  const [link, channels] = await Promise.all([getChatwootLink(db, member.orgId), listChannels(db, { orgId: member.orgId })]);
  const webhookUrl = link ? `${await requestOrigin()}/api/webhooks/chatwoot/${link.id}` : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Chatwoot</h1>
        <p className="text-sm text-gray-500">
          Link your Chatwoot account: Tandem triages each customer message, drafts a reply from your knowledge base as a private note, and your team approves it under Approvals.
        </p>
      </div>
      {webhookUrl ? (
        <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="webhook-heading">
          <h2 id="webhook-heading" className="font-semibold">Webhook</h2>
          <p className="mt-1 text-sm text-gray-600">
            In Chatwoot, Settings › Integrations › Webhooks: add this URL with the events <em>conversation created</em>, <em>conversation status changed</em>,{" "}
            <em>conversation updated</em> and <em>message created</em>, and use the same secret as below.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="rounded bg-gray-100 px-2 py-1 text-sm" data-testid="chatwoot-webhook-url">{webhookUrl}</code>
            <CopyButton text={webhookUrl} label="Copy URL" what="Webhook URL copied" />
          </div>
          <p className="mt-2 text-xs text-gray-500">
            Last saved {formatInZone(link!.updatedAt, member.timezone, member.locale)}.
            {link!.lastReconciledAt ? ` Last check for missed deliveries ${formatInZone(link!.lastReconciledAt, member.timezone, member.locale)}.` : ""}
          </p>
        </section>
      ) : null}
      <ChatwootLinkForm
        link={link ? { baseUrl: link.baseUrl, accountId: link.accountId, escalationTeamId: link.escalationTeamId, escalationAssigneeId: link.escalationAssigneeId, inboxes: link.inboxes } : null}
        channels={channels.map((c) => ({ id: c.id, name: c.name }))}
      />
      {link ? <TriageRulesForm key={link.updatedAt.toISOString()} rules={link.triageRules} /> : null}
    </div>
  );
}
