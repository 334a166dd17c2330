"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, useTransition, type FormEvent } from "react";
import type { AgentConfig } from "@/lib/agent/config-schema";
import { otherCompaniesOf } from "@/lib/agent/signal-details";
import type { IngestResponse } from "@/lib/ingest/receive-message";
import { previewAction } from "../actions";

type Turn =
  | { from: "customer"; text: string }
  | { from: "bot"; reply: NonNullable<IngestResponse["reply"]> }
  | { from: "note"; text: string };

/**
 * Chat with the editor's current, unsaved config (002_… preview). Turns run on the org's preview channel, so they
 * never count in reports; each bot turn shows its action, confidence, capability, sources and signals.
 */
export function PreviewPanel({ config, note }: { config: AgentConfig; note: string }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [chatId, setChatId] = useState<string>();
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const t = useTranslations("agents");
  /** a signal's plain name (an unknown one as it is) */
  const signalLabel = (signal: string) => (t.has(`preview.signals.${signal}` as never) ? t(`preview.signals.${signal}` as never) : signal);
  /** the capability's name in the editor's config, else its ID */
  const capabilityName = (id: string | null | undefined) => (id ? (config.capabilities.find((c) => c.capabilityId === id)?.name || id) : "—");

  function reset() {
    setTurns([]);
    setChatId(undefined);
    setEnded(false);
    setError(undefined);
  }

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = input.current?.value.trim() ?? "";
    if (!text || pending) return;
    setError(undefined);
    startTransition(async () => {
      const result = await previewAction(config, chatId, text);
      if (!result.ok || !result.data) {
        setError(result.error ?? t("preview.failed"));
        return;
      }
      const { response } = result.data;
      setChatId(result.data.chatId);
      if (input.current) input.current.value = "";
      setTurns((prev) => [
        ...prev,
        { from: "customer", text },
        ...(response.reply ? [{ from: "bot" as const, reply: response.reply }] : [{ from: "note" as const, text: t("preview.noReply") }]),
      ]);
      if (response.status !== "OPEN") setEnded(true);
    });
  }

  return (
    <aside className="flex h-fit flex-col rounded-lg border border-gray-200 bg-white xl:sticky xl:top-4" aria-label={t("preview.label")}>
      <div className="flex items-center justify-between border-b border-gray-100 px-4 py-3">
        <div>
          <h2 className="font-semibold">{t("preview.title")}</h2>
          <p className="text-xs text-gray-500">{t("preview.usesConfig")} {note}</p>
        </div>
        <button type="button" onClick={reset} className="text-sm text-blue-700 hover:underline">{t("preview.newChat")}</button>
      </div>
      <ol className="max-h-[28rem] min-h-40 space-y-3 overflow-y-auto px-4 py-3 text-sm" aria-label={t("preview.conversationLabel")} aria-live="polite">
        {turns.length === 0 ? <li className="text-gray-500">{t("preview.emptyHint")}</li> : null}
        {turns.map((turn, i) =>
          turn.from === "customer" ? (
            <li key={i} className="ml-8 rounded-lg bg-blue-600 px-3 py-2 text-white">{turn.text}</li>
          ) : turn.from === "note" ? (
            <li key={i} className="text-center text-xs text-gray-500">{turn.text}</li>
          ) : (
            <li key={i} className="mr-4 space-y-1 rounded-lg bg-gray-100 px-3 py-2" data-testid="preview-bot-turn">
              <p className="whitespace-pre-line">{turn.reply.text}</p>
              <dl className="flex flex-wrap gap-x-3 gap-y-0.5 border-t border-gray-200 pt-1 text-xs text-gray-600">
                <div><dt className="inline">{t("preview.action")} </dt><dd className="inline font-medium">{t(`preview.actions.${turn.reply.action}`)}</dd></div>
                <div><dt className="inline">{t("preview.confidence")} </dt><dd className="inline font-medium">{Math.round(turn.reply.confidence * 100)}%</dd></div>
                <div><dt className="inline">{t("preview.capability")} </dt><dd className="inline font-medium">{capabilityName(turn.reply.capability_id)}</dd></div>
              </dl>
              {turn.reply.sources.length > 0 ? (
                <div className="text-xs text-gray-600"><span>{t("preview.sources")} </span>
                  <ul className="inline">{turn.reply.sources.map((s, j) => <li key={s.articleId} className="inline">{j > 0 ? "; " : ""}<a href={`/settings/knowledge/${s.articleId}`} target="_blank" rel="noreferrer" className="text-blue-700 hover:underline">{s.title}</a> ({Math.round(s.score * 100)}%)</li>)}</ul>
                </div>
              ) : null}
              {turn.reply.guidance.length > 0 ? (
                <div className="rounded border border-amber-200 bg-amber-50 p-2 text-xs text-gray-800" aria-label={t("preview.guidanceLabel")}>
                  <p className="font-medium">{t("preview.guidanceTitle")}</p>
                  {turn.reply.guidance.map((g) => (
                    <p key={g.articleId} className="mt-1 whitespace-pre-line"><a href={`/settings/knowledge/${g.articleId}`} target="_blank" rel="noreferrer" className="font-medium text-blue-700 hover:underline">{g.title}</a>{"\n"}{g.text}</p>
                  ))}
                </div>
              ) : null}
              {turn.reply.signals.length > 0 ? (
                <ul className="flex flex-wrap gap-1" aria-label={t("preview.signalsLabel")}>
                  {turn.reply.signals.map((s, j) => (
                    <li key={j} className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                      {signalLabel(s.signal)}{typeof s.value === "number" && s.signal === "low_confidence" ? ` ${t("preview.lowConfidenceDetail", { value: Math.round(s.value * 100), threshold: Math.round((s.threshold ?? 0) * 100) })}` : s.detail && s.signal !== "agent_error" ? ` (${s.detail})` : ""}
                      {otherCompaniesOf(s.detail) ? ` ${t("preview.otherCompanyDetail", { names: otherCompaniesOf(s.detail)! })}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ),
        )}
      </ol>
      {error ? <p role="alert" className="mx-4 mb-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p> : null}
      {ended ? (
        <p className="border-t border-gray-100 px-4 py-3 text-sm text-gray-600">{t("preview.ended", { reason: turns.length > 0 ? t("preview.endedHandedOver") : t("preview.endedClosed") })} <button type="button" onClick={reset} className="text-blue-700 hover:underline">{t("preview.startNew")}</button></p>
      ) : (
        <form onSubmit={send} className="flex gap-2 border-t border-gray-100 px-4 py-3">
          <input ref={input} aria-label={t("preview.inputLabel")} placeholder={t("preview.placeholder")} maxLength={2000} className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm" />
          <button type="submit" disabled={pending} aria-busy={pending} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white disabled:opacity-70">{pending ? "…" : t("preview.send")}</button>
        </form>
      )}
    </aside>
  );
}
