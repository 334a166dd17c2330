"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { rollbackAgentAction } from "../actions";

type Version = {
  id: string;
  version: number;
  changes: Record<string, { from: unknown; to: unknown }>;
  rolledBackFrom: number | null;
  publishedByName: string;
  publishedAt: Date;
};

const show = (v: unknown) => (v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(", ") || "none" : typeof v === "string" ? `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”` : String(v));

function RollbackButton({ agentId, version }: { agentId: string; version: Version }) {
  const [state, action] = useActionState<ActionState, FormData>(rollbackAgentAction, {});
  useActionToast(state, { errors: true });
  return (
    <ActionForm action={action} confirm={() => window.confirm(`Roll back to version ${version.version}? It is published again as a new version and goes live now.`)}>
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="versionId" value={version.id} />
      <SubmitButton variant="secondary" pendingLabel="Rolling back…" className="!px-2 !py-1 text-xs">Roll back to v{version.version}</SubmitButton>
    </ActionForm>
  );
}

/** Every published version, newest first: who, when, what changed from the previous one; roll back to any. */
export function VersionHistory({ agentId, versions, publishedVersionId, canEdit, timezone }: { agentId: string; versions: Version[]; publishedVersionId: string | null; canEdit: boolean; timezone: string }) {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="font-semibold">Versions</h2>
      {versions.length === 0 ? <p className="mt-2 text-sm text-gray-600">No version yet. Publishing creates version 1; every later publish adds one, and you can roll back to any of them.</p> : (
        <ol className="mt-3 space-y-3" aria-label="Published versions">
          {versions.map((v) => {
            const changes = Object.entries(v.changes);
            return (
              <li key={v.id} className="rounded-md border border-gray-100 p-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p>
                    <span className="font-semibold">Version {v.version}</span>
                    {v.id === publishedVersionId ? <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">live</span> : null}
                    <span className="ml-2 text-gray-500">published by {v.publishedByName}, {format.format(new Date(v.publishedAt))}</span>
                    {v.rolledBackFrom ? <span className="ml-2 text-gray-500">· restores version {v.rolledBackFrom}</span> : null}
                  </p>
                  {canEdit && v.id !== publishedVersionId ? <RollbackButton agentId={agentId} version={v} /> : null}
                </div>
                {v.version === 1 ? <p className="mt-1 text-gray-500">First version.</p> : changes.length === 0 ? null : (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-gray-600">{changes.length} change{changes.length === 1 ? "" : "s"} from the previous version</summary>
                    <ul className="mt-1 space-y-0.5 text-gray-700">
                      {changes.map(([field, c]) => <li key={field}><code className="text-xs">{field}</code>: {show(c.from)} → {show(c.to)}</li>)}
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
