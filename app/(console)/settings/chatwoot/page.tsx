import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { requestOrigin } from "@/app/_lib/origin";
import { CopyButton } from "@/components/copy-button";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { chatwootRefusalTotals } from "@/lib/channels/webhook-refusals";
import { getChatwootLink } from "@/lib/chatwoot/link";
import { formatInZone } from "@/lib/time/format";
import { ChatwootLinkForm } from "./link-form";
import { TriageRulesForm } from "./triage-rules-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.chatwoot");
  return { title: t("metaTitle") };
}

export default async function ChatwootSettingsPage() {
  const member = await requireMember("settingsWrite");
  const db = await getDb();
  const [link, channels] = await Promise.all([getChatwootLink(db, member.orgId), listChannels(db, { orgId: member.orgId })]);
  const t = await getTranslations("settings.chatwoot");
  const webhookUrl = link ? `${await requestOrigin()}/api/webhooks/chatwoot/${link.id}` : null;
  const refused = link ? await chatwootRefusalTotals(db, { orgId: member.orgId, linkId: link.id }) : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-500">
          {t("intro")}
        </p>
      </div>
      {webhookUrl ? (
        <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="webhook-heading">
          <h2 id="webhook-heading" className="font-semibold">{t("webhook.title")}</h2>
          <p className="mt-1 text-sm text-gray-600">
            {t.rich("webhook.instructions", { em: (chunks) => <em>{chunks}</em> })}
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="rounded bg-gray-100 px-2 py-1 text-sm" data-testid="chatwoot-webhook-url">{webhookUrl}</code>
            <CopyButton text={webhookUrl} label={t("webhook.copyUrl")} what={t("webhook.urlCopied")} />
          </div>
          <p className="mt-2 text-xs text-gray-500">
            {t("webhook.lastSaved", { when: formatInZone(link!.updatedAt, member.timezone, member.locale) })}
            {link!.lastReconciledAt ? ` ${t("webhook.lastCheck", { when: formatInZone(link!.lastReconciledAt, member.timezone, member.locale) })}` : ""}
          </p>
          {refused && refused.lastDay > 0 ? (
            <p role="status" data-testid="signature-refusals" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {t("webhook.signatureRefusals", { count: refused.lastDay, last: formatInZone(refused.lastAt!, member.timezone, member.locale) })}
            </p>
          ) : null}
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
