"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { configFieldLabel as fieldLabel, configValueLabel as valueLabel } from "@/components/agent-config-labels";
import { rollbackAgentAction } from "../actions";

type Version = {
  id: string;
  version: number;
  changes: Record<string, { from: unknown; to: unknown }>;
  rolledBackFrom: number | null;
  publishedByName: string;
  publishedAt: Date;
};

function RollbackButton({ agentId, version }: { agentId: string; version: Version }) {
  const [state, action] = useActionState<ActionState, FormData>(rollbackAgentAction, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("agents");
  return (
    <ActionForm action={action} confirm={() => window.confirm(t("history.rollbackConfirm", { version: version.version }))}>
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="versionId" value={version.id} />
      <SubmitButton variant="secondary" pendingLabel={t("history.rollingBack")} className="!px-2 !py-1 text-xs">{t("history.rollback", { version: version.version })}</SubmitButton>
    </ActionForm>
  );
}

/** Every published version, newest first: who, when, what changed from the previous one; roll back to any. */
export function VersionHistory({ agentId, versions, publishedVersionId, canEdit, timezone, locale, channelNames }: {
  agentId: string; versions: Version[]; publishedVersionId: string | null; canEdit: boolean; timezone: string; locale: string;
  /** names of the org's channels by id, for a changed channel list */
  channelNames: Record<string, string>;
}) {
  const t = useTranslations("agents");
  const format = new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="font-semibold">{t("history.title")}</h2>
      {versions.length === 0 ? <p className="mt-2 text-sm text-gray-600">{t("history.empty")}</p> : (
        <ol className="mt-3 space-y-3" aria-label={t("history.listLabel")}>
          {versions.map((v) => {
            const changes = Object.entries(v.changes);
            return (
              <li key={v.id} className="rounded-md border border-gray-100 p-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p>
                    <span className="font-semibold">{t("history.version", { version: v.version })}</span>
                    {v.id === publishedVersionId ? <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">{t("history.live")}</span> : null}
                    <span className="ml-2 text-gray-500">{t("history.publishedBy", { name: v.publishedByName, date: format.format(new Date(v.publishedAt)) })}</span>
                    {v.rolledBackFrom ? <span className="ml-2 text-gray-500">{t("history.restores", { version: v.rolledBackFrom })}</span> : null}
                  </p>
                  {canEdit && v.id !== publishedVersionId ? <RollbackButton agentId={agentId} version={v} /> : null}
                </div>
                {v.version === 1 ? <p className="mt-1 text-gray-500">{t("history.firstVersion")}</p> : changes.length === 0 ? null : (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-gray-600">{t("history.changes", { count: changes.length })}</summary>
                    <ul className="mt-1 space-y-0.5 text-gray-700">
                      {changes.map(([field, c]) => (
                        <li key={field}>
                          <span className="font-medium">{fieldLabel(t, field)}</span>: {valueLabel(t, field, c.from, channelNames)} → {valueLabel(t, field, c.to, channelNames)}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
