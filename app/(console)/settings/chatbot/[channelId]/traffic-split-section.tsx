"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { reportTrafficSplitSaveFailed, saveTrafficSplitAction } from "./actions";

type Saved = { enabled: boolean; botPercent: number };

/** Same rule as the server (lib/routing/traffic-split-config.ts): digits only, 0..100. */
function parsePercent(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n >= 0 && n <= 100 ? n : null;
}

/**
 * Traffic Split (000_… BTS-S01, §6 component tree): toggle, whole-number bot % with live preview, the no-agent
 * banner, Save with a pending state, the confirmation toast, inline validation, and save-failed + Retry.
 */
export function TrafficSplitSection({
  channelId, saved: initial, canEdit, onlineAgents, availableAgents,
}: { channelId: string; saved: Saved; canEdit: boolean; onlineAgents: number; availableAgents: number }) {
  const [saved, setSaved] = useState<Saved>(initial);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [text, setText] = useState(String(initial.botPercent));
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const t = useTranslations("agents");

  const pct = parsePercent(text);
  const invalid = enabled && pct === null;
  const dirty = enabled !== saved.enabled || (enabled && pct !== saved.botPercent);

  function save() {
    setTouched(true);
    if (invalid || !canEdit) return;
    setServerError(null);
    setFailed(false);
    startTransition(async () => {
      try {
        const result = await saveTrafficSplitAction(channelId, { enabled, botPercent: enabled ? text : String(saved.botPercent) });
        if (result.ok && result.data) {
          setSaved(result.data);
          toast.success(result.message);
        } else if (result.retry) {
          setFailed(true);
        } else {
          setServerError(result.fieldErrors?.botPercent?.[0] ?? result.error ?? t("split.saveFailed"));
        }
      } catch {
        // the request never completed (network, 5xx): keep the saved value, offer Retry, and log it if we can
        setFailed(true);
        void reportTrafficSplitSaveFailed(channelId, "network").catch(() => undefined);
      }
    });
  }

  const inputError = (touched || text !== String(saved.botPercent)) && invalid ? t("split.invalid") : serverError;
  return (
    <section aria-labelledby="traffic-split-heading" className="space-y-4 rounded-lg border border-gray-200 bg-white p-5">
      <div>
        <h2 id="traffic-split-heading" className="text-lg font-semibold">{t("split.title")}</h2>
        <p className="text-sm text-gray-500">{t("split.intro")}</p>
        {!canEdit ? <p className="mt-1 text-sm text-gray-500">{t("split.readOnly")}</p> : null}
      </div>

      <label className="flex items-center gap-3">
        <button type="button" role="switch" aria-checked={enabled} aria-label={t("split.toggle")} disabled={!canEdit || pending}
          onClick={() => { setEnabled(!enabled); setServerError(null); }}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 disabled:opacity-60 ${enabled ? "bg-blue-600" : "bg-gray-300"}`}>
          <span className={`inline-block h-5 w-5 transform rounded-full bg-white shadow transition ${enabled ? "translate-x-5" : "translate-x-0.5"}`} />
        </button>
        <span className="text-sm font-medium text-gray-900">{t("split.toggle")}</span>
      </label>

      {!enabled ? (
        <p className="text-sm text-gray-600" data-testid="split-empty">{t("split.allBot")}</p>
      ) : (
        <div className="space-y-3">
          <div>
            <label htmlFor="bot-percent" className="block text-sm font-medium text-gray-700">{t("split.botHandles")}</label>
            <div className="mt-1 flex w-40 rounded-md shadow-sm">
              <input id="bot-percent" inputMode="numeric" autoComplete="off" value={text} disabled={!canEdit || pending}
                onChange={(e) => { setText(e.target.value); setServerError(null); }} onBlur={() => setTouched(true)}
                onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); save(); } }}
                aria-invalid={Boolean(inputError)} aria-describedby="bot-percent-help bot-percent-error"
                className="block w-full rounded-l-md border border-gray-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500 disabled:bg-gray-50 aria-[invalid=true]:border-red-500" />
              <span className="inline-flex items-center rounded-r-md border border-l-0 border-gray-300 bg-gray-50 px-3 text-sm text-gray-500">%</span>
            </div>
            <p id="bot-percent-help" className="mt-1 text-sm text-gray-600" aria-live="polite">
              {pct !== null ? t("split.previewSplit", { bot: pct, human: 100 - pct }) : "—"}
            </p>
            {inputError ? <p id="bot-percent-error" role="alert" className="mt-1 text-sm text-red-600">{inputError}</p> : null}
            <p className="mt-1 text-xs text-gray-500">{t("split.tip")}</p>
          </div>
          <div role="note" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
            {t("split.queueNote")}
            {onlineAgents === 0 ? <strong className="mt-1 block">{t("split.noneOnline")}</strong>
              : availableAgents === 0 ? <strong className="mt-1 block">{t("split.allBusy")}</strong> : null}
          </div>
        </div>
      )}

      <p className="text-xs text-gray-500" data-testid="split-saved">
        {saved.enabled ? t("split.saved", { bot: saved.botPercent, human: 100 - saved.botPercent }) : t("split.savedOff")}
      </p>

      {failed ? (
        <div role="alert" className="flex items-center gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {t("split.saveFailed")}
          <button type="button" onClick={save} disabled={pending} className="rounded-md border border-red-300 bg-white px-2 py-1 text-xs font-semibold text-red-700 hover:bg-red-50">{t("split.retry")}</button>
        </div>
      ) : null}

      {canEdit ? (
        <div className="flex items-center gap-3">
          <button type="button" onClick={save} disabled={pending || invalid || !dirty} aria-busy={pending}
            className="inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:opacity-60 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2">
            {pending ? <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-white border-t-transparent" /> : null}
            {pending ? t("split.saving") : t("split.save")}
          </button>
          <button type="button" disabled={pending || !dirty} onClick={() => { setEnabled(saved.enabled); setText(String(saved.botPercent)); setServerError(null); setTouched(false); }}
            className="rounded-md px-3 py-2 text-sm text-gray-700 hover:bg-gray-100 disabled:opacity-50">{t("split.cancel")}</button>
        </div>
      ) : null}
    </section>
  );
}
