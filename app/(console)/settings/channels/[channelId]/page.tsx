import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { requestOrigin } from "@/app/_lib/origin";
import { CopyButton } from "@/components/copy-button";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getChannel } from "@/lib/channels/get-channel";
import { listDeliveries, listReplyDeliveries } from "@/lib/channels/webhook-deliveries";
import { refusalTotals } from "@/lib/channels/webhook-refusals";
import { curlExample, webhookUrls } from "@/lib/channels/webhook-example";
import { formatInZone } from "@/lib/time/format";
import { ChannelAdminForms } from "./channel-admin-forms";
import { DeliveryLog } from "./delivery-log";
import { OutboundReplyUrlForm } from "./outbound-reply-url-form";
import { ReplyLog, toReplyLogRow } from "./reply-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.channels.detail");
  return { title: t("metaTitle") };
}

export default async function ChannelPage({ params }: { params: Promise<{ channelId: string }> }) {
  const member = await requireMember("settings");
  const { channelId } = await params;
  const db = await getDb();
  const channel = await getChannel(db, { orgId: member.orgId, channelId });
  if (!channel) notFound();
  const [deliveries, replies, refusals] = await Promise.all([
    listDeliveries(db, { orgId: member.orgId, channelId }),
    listReplyDeliveries(db, { orgId: member.orgId, channelId }),
    refusalTotals(db, { orgId: member.orgId, channelId }),
  ]);
  const refused = refusals.get(channelId);
  const origin = await requestOrigin();
  const canEdit = canAccess(member.role, "settingsWrite");
  const fmt = (d: Date) => formatInZone(d, member.timezone, member.locale);
  const t = await getTranslations("settings.channels.detail");
  const tc = await getTranslations("common.channelType");
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings/channels" className="text-sm text-blue-700 hover:underline">{t("back")}</Link>
        <h1 className="mt-1 text-2xl font-semibold">{channel.name}</h1>
        <p className="text-sm text-gray-500">
          {tc(channel.type)} · {t("createdOn", { when: fmt(channel.createdAt) })}
          {channel.archivedAt ? ` · ${t("archivedOn", { when: fmt(channel.archivedAt) })}` : ""}
        </p>
      </div>

      <section className="space-y-3 rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="font-semibold">{t("connect")}</h2>
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-gray-500">{t("channelId")}</dt>
            <dd className="flex flex-wrap items-center gap-2"><code className="break-all text-xs" data-testid="channel-id">{channel.id}</code><CopyButton text={channel.id} what={t("channelIdCopied")} /></dd>
          </div>
          {webhookUrls(origin).map((w) => (
            <div key={w.url}>
              <dt className="text-gray-500">{t("webhook", { label: t(`endpoints.${w.kind}.label`) })}</dt>
              <dd className="flex flex-wrap items-center gap-2"><code className="break-all text-xs">{w.url}</code><CopyButton text={w.url} what={t("urlCopied")} /></dd>
              <dd className="text-xs text-gray-500">{t(`endpoints.${w.kind}.description`)}</dd>
            </div>
          ))}
          <div>
            <dt className="text-gray-500">{t("signingSecret")}</dt>
            <dd><code className="text-xs" data-testid="masked-secret">{channel.maskedSecret}</code></dd>
            <dd className="text-xs text-gray-500">
              {channel.secretRotatedAt ? `${t("rotatedOn", { when: fmt(channel.secretRotatedAt) })} ` : ""}
              {channel.previousSecretValidUntil ? t("previousStillAccepted", { when: fmt(channel.previousSecretValidUntil) }) : ""}
            </dd>
          </div>
        </dl>
        <div>
          <div className="mb-1 flex items-center justify-between text-sm">
            <span className="text-gray-500">{t("testRequest")}</span>
            <CopyButton text={curlExample({ origin, channelId: channel.id, secret: null })} label={t("copyCurl")} what={t("curlCopied")} />
          </div>
          <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-gray-900 p-3 text-xs text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">{curlExample({ origin, channelId: channel.id, secret: null })}</pre>
        </div>
      </section>

      <OutboundReplyUrlForm channelId={channel.id} url={channel.outboundReplyUrl} canEdit={canEdit} />

      {canEdit ? <ChannelAdminForms channel={{ id: channel.id, name: channel.name, archived: channel.archivedAt !== null }} timezone={member.timezone} locale={member.locale} /> : (
        <p className="text-sm text-gray-500">{t("readOnly")}</p>
      )}

      {refused ? (
        <p role="status" data-testid="signature-refusals" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("signatureRefusals", { count: refused.lastDay, last: fmt(refused.lastAt!) })}
        </p>
      ) : null}
      <DeliveryLog channelId={channel.id} rows={deliveries.map((d) => ({ ...d, receivedAt: fmt(d.receivedAt) }))} />
      <ReplyLog rows={replies.map((r) => toReplyLogRow(r, fmt))} hasUrl={channel.outboundReplyUrl !== null} />
    </div>
  );
}
