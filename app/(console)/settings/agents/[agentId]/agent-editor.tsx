"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Field, FormError, inputClass } from "@/components/form/field";
import {
  AFTER_HOURS_MODES, AGENT_LANGUAGES, AGENT_TONES, ALL_COLLECTIONS, EDITOR_STEPS, agentConfigSchema,
  type AgentConfig, type Capability, type EditorStep,
} from "@/lib/agent/config-schema";
import { pathErrors } from "@/lib/agent/path-errors";
import { safeParseIn } from "@/lib/i18n/language-scope";
import type { UiLanguage } from "@/lib/i18n/ui-language";
import { publishAgentAction, saveAgentAction } from "../actions";
import { PreviewPanel } from "./preview-panel";

type Props = {
  agentId: string;
  initialConfig: AgentConfig;
  readOnly: boolean;
  collections: { name: string; articles: number }[];
  channels: { id: string; name: string; otherAgent: string | null }[];
  modelNote: string;
};

type Errors = Record<string, string[]>;

const lines = (v: string) => v.split("\n").map((s) => s.trim()).filter(Boolean);
const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);
/** number inputs: "" stays NaN so the schema says "Enter a number" instead of silently using 0 */
const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
/** The confidence threshold is stored 0..1 and shown as a percentage (0.35 ↔ 35). */
const toPercent = (v: number) => Math.round(v * 1000) / 10;

/** Errors of one step, keyed by full path (`routing.messageCap`), in the reader's `language`. */
function stepErrors(step: EditorStep, config: AgentConfig, language: UiLanguage): Errors {
  const def = EDITOR_STEPS.find((s) => s.key === step)!;
  const parsed = safeParseIn(language, def.schema, config[step]);
  if (parsed.success) return {};
  const errors: Errors = {};
  for (const [k, v] of Object.entries(pathErrors(parsed.error))) errors[k ? `${step}.${k}` : step] = v;
  return errors;
}

/**
 * The three-step agent editor (002_… Profile/Behavior · Capabilities · Routing): each step is validated with its zod
 * schema before the next opens; Save and Publish validate the whole config again on the server.
 */
export function AgentEditor({ agentId, initialConfig, readOnly, collections, channels, modelNote }: Props) {
  const t = useTranslations("agents");
  const language = useLocale();
  const stepLabel = (key: EditorStep) => t(`editor.steps.${key}`);
  const [config, setConfig] = useState<AgentConfig>(initialConfig);
  // stable React keys for the capability cards (their uncontrolled textareas must follow the card, not the index)
  const [cardKeys, setCardKeys] = useState<number[]>(() => initialConfig.capabilities.map((_, i) => i));
  const [step, setStep] = useState<EditorStep>("profile");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const stepIndex = EDITOR_STEPS.findIndex((s) => s.key === step);

  /** Applies an edit; once errors are showing, the current step is re-validated so fixed fields clear at once. */
  const update = (edit: (c: AgentConfig) => AgentConfig) => {
    const next = edit(config);
    setConfig(next);
    if (Object.keys(errors).length > 0) {
      const found = stepErrors(step, next, language);
      setErrors(found);
      if (Object.keys(found).length === 0) setFormError(undefined);
    }
  };
  const set = <K extends "profile" | "routing">(section: K, patch: Partial<AgentConfig[K]>) =>
    update((c) => ({ ...c, [section]: { ...c[section], ...patch } }));
  const setCapability = (i: number, patch: Partial<Capability>) =>
    update((c) => ({ ...c, capabilities: c.capabilities.map((cap, j) => (j === i ? { ...cap, ...patch } : cap)) }));
  const err = (path: string) => errors[path];
  const invalid = (path: string) => (errors[path] ? true : undefined);

  /** Opens `target` if every step before it is valid; else shows the first invalid step with its errors. */
  function goTo(target: EditorStep) {
    const targetIndex = EDITOR_STEPS.findIndex((s) => s.key === target);
    for (const s of EDITOR_STEPS.slice(0, targetIndex)) {
      const found = stepErrors(s.key, config, language);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setStep(s.key);
        setFormError(t("editor.fixStepFirst", { step: stepLabel(s.key) }));
        return;
      }
    }
    setErrors({});
    setFormError(undefined);
    setStep(target);
  }

  function submit(kind: "save" | "publish") {
    const parsed = safeParseIn(language, agentConfigSchema, config);
    if (!parsed.success) {
      const all = pathErrors(parsed.error);
      setErrors(all);
      const firstBad = EDITOR_STEPS.find((s) => Object.keys(all).some((k) => k === s.key || k.startsWith(`${s.key}.`)));
      if (firstBad) setStep(firstBad.key);
      setFormError(t("editor.fixHighlighted"));
      return;
    }
    if (kind === "publish" && !window.confirm(t("editor.publishConfirm"))) return;
    startTransition(async () => {
      const result = await (kind === "save" ? saveAgentAction : publishAgentAction)(agentId, parsed.data);
      if (result.ok) {
        setErrors({});
        setFormError(undefined);
        toast.success(result.message);
      } else {
        setErrors((result.fieldErrors as Errors | undefined) ?? {});
        setFormError(result.error);
      }
    });
  }

  const { profile, capabilities, routing } = config;
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <section className="rounded-lg border border-gray-200 bg-white" aria-label={t("editor.label")}>
        <ol className="flex border-b border-gray-100" aria-label={t("editor.stepsLabel")}>
          {EDITOR_STEPS.map((s, i) => (
            <li key={s.key} className="flex-1">
              <button type="button" onClick={() => goTo(s.key)} aria-current={s.key === step ? "step" : undefined}
                className={`w-full px-4 py-3 text-left text-sm ${s.key === step ? "border-b-2 border-blue-600 font-semibold text-blue-700" : "text-gray-600 hover:bg-gray-50"}`}>
                <span className="mr-2 inline-flex h-6 w-6 items-center justify-center rounded-full bg-gray-100 text-xs">{i + 1}</span>{stepLabel(s.key)}
              </button>
            </li>
          ))}
        </ol>
        <fieldset disabled={readOnly || pending} className="space-y-4 p-5">
          <legend className="sr-only">{stepLabel(step)}</legend>
          {step === "profile" ? (
            <>
              <Field id="name" label={t("editor.profile.name")} error={err("profile.name")}>
                <input id="name" value={profile.name} onChange={(e) => set("profile", { name: e.target.value })} className={inputClass} aria-invalid={invalid("profile.name")} />
              </Field>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="tone" label={t("editor.profile.tone")} error={err("profile.tone")}>
                  <select id="tone" value={profile.tone} onChange={(e) => set("profile", { tone: e.target.value as AgentConfig["profile"]["tone"] })} className={inputClass}>
                    {AGENT_TONES.map((tone) => <option key={tone} value={tone}>{t(`editor.tones.${tone}`)}</option>)}
                  </select>
                </Field>
                <Field id="language" label={t("editor.profile.language")} error={err("profile.language")}>
                  <select id="language" value={profile.language} onChange={(e) => set("profile", { language: e.target.value as AgentConfig["profile"]["language"] })} className={inputClass}>
                    {AGENT_LANGUAGES.map((k) => <option key={k} value={k}>{t(`editor.languages.${k}`)}</option>)}
                  </select>
                </Field>
              </div>
              <Field id="persona" label={t("editor.profile.persona")} error={err("profile.persona")} hint={t("editor.profile.personaHint")}>
                <textarea id="persona" rows={2} value={profile.persona} onChange={(e) => set("profile", { persona: e.target.value })} className={inputClass} aria-invalid={invalid("profile.persona")} />
              </Field>
              <Field id="instructions" label={t("editor.profile.instructions")} error={err("profile.instructions")} hint={t("editor.profile.instructionsHint")}>
                <textarea id="instructions" rows={4} value={profile.instructions} onChange={(e) => set("profile", { instructions: e.target.value })} className={inputClass} aria-invalid={invalid("profile.instructions")} />
              </Field>
              <Field id="greeting" label={t("editor.profile.greeting")} error={err("profile.greeting")} hint={t("editor.profile.greetingHint")}>
                <textarea id="greeting" rows={2} value={profile.greeting} onChange={(e) => set("profile", { greeting: e.target.value })} className={inputClass} aria-invalid={invalid("profile.greeting")} />
              </Field>
              <Field id="fallbackMessage" label={t("editor.profile.fallbackMessage")} error={err("profile.fallbackMessage")} hint={t("editor.profile.fallbackMessageHint")}>
                <textarea id="fallbackMessage" rows={2} value={profile.fallbackMessage} onChange={(e) => set("profile", { fallbackMessage: e.target.value })} className={inputClass} aria-invalid={invalid("profile.fallbackMessage")} />
              </Field>
              <Field id="handoverMessage" label={t("editor.profile.handoverMessage")} error={err("profile.handoverMessage")} hint={t("editor.profile.handoverMessageHint")}>
                <textarea id="handoverMessage" rows={2} value={profile.handoverMessage} onChange={(e) => set("profile", { handoverMessage: e.target.value })} className={inputClass} aria-invalid={invalid("profile.handoverMessage")} />
              </Field>
            </>
          ) : null}

          {step === "capabilities" ? (
            <>
              <p className="text-sm text-gray-600">{t("editor.capabilities.intro")}</p>
              <FormError message={err("capabilities")?.[0]} />
              {capabilities.map((cap, i) => {
                const p = `capabilities.${i}`;
                return (
                  <div key={cardKeys[i] ?? i} className="space-y-3 rounded-md border border-gray-200 p-4" aria-label={t("editor.capabilities.group", { number: i + 1 })} role="group">
                    <div className="flex items-center justify-between">
                      <label className="flex items-center gap-2 text-sm font-medium">
                        <input type="checkbox" checked={cap.enabled} onChange={(e) => setCapability(i, { enabled: e.target.checked })} /> {t("editor.capabilities.enabled")}
                      </label>
                      <button type="button" onClick={() => { setCardKeys((k) => k.filter((_, j) => j !== i)); update((c) => ({ ...c, capabilities: c.capabilities.filter((_, j) => j !== i) })); }} className="text-sm text-red-700 hover:underline">{t("editor.capabilities.remove")}</button>
                    </div>
                    <div className="grid gap-3 sm:grid-cols-2">
                      <Field id={`${p}.name`} label={t("editor.capabilities.name")} error={err(`${p}.name`)}>
                        <input id={`${p}.name`} value={cap.name} onChange={(e) => setCapability(i, { name: e.target.value })} className={inputClass} aria-invalid={invalid(`${p}.name`)} />
                      </Field>
                      <Field id={`${p}.capabilityId`} label={t("editor.capabilities.id")} error={err(`${p}.capabilityId`)} hint={t("editor.capabilities.idHint")}>
                        <input id={`${p}.capabilityId`} value={cap.capabilityId} onChange={(e) => setCapability(i, { capabilityId: e.target.value })} className={inputClass + " font-mono"} aria-invalid={invalid(`${p}.capabilityId`)} />
                      </Field>
                    </div>
                    <Field id={`${p}.description`} label={t("editor.capabilities.description")} error={err(`${p}.description`)}>
                      <input id={`${p}.description`} value={cap.description} onChange={(e) => setCapability(i, { description: e.target.value })} className={inputClass} />
                    </Field>
                    <fieldset>
                      <legend className="text-sm font-medium text-gray-700">{t("editor.capabilities.collections")}</legend>
                      <div className="mt-1 flex flex-wrap gap-3 text-sm">
                        {[{ name: ALL_COLLECTIONS, label: t("editor.capabilities.allCollections") }, ...collections.map((c) => ({ name: c.name, label: t("editor.capabilities.collectionOption", { name: c.name, count: c.articles }) }))].map((c) => (
                          <label key={c.name} className="flex items-center gap-1">
                            <input type="checkbox" checked={cap.collections.includes(c.name)}
                              onChange={(e) => setCapability(i, { collections: e.target.checked ? [...cap.collections, c.name] : cap.collections.filter((x) => x !== c.name) })} />
                            {c.label}
                          </label>
                        ))}
                      </div>
                      {collections.length === 0 ? <p className="mt-1 text-xs text-gray-500">{t("editor.capabilities.noKnowledge")}</p> : null}
                      <p id={`${p}.collections-error`} className="mt-1 text-sm text-red-600">{err(`${p}.collections`)?.[0]}</p>
                    </fieldset>
                    <Field id={`${p}.exampleQuestions`} label={t("editor.capabilities.examples")} error={err(`${p}.exampleQuestions`)} hint={t("editor.capabilities.examplesHint")}>
                      <textarea id={`${p}.exampleQuestions`} rows={3} defaultValue={cap.exampleQuestions.join("\n")} onChange={(e) => setCapability(i, { exampleQuestions: lines(e.target.value) })} className={inputClass} />
                    </Field>
                  </div>
                );
              })}
              <button type="button" className="rounded-md border border-gray-300 px-3 py-2 text-sm hover:bg-gray-50"
                onClick={() => { setCardKeys((k) => [...k, Math.max(-1, ...k) + 1]); update((c) => ({ ...c, capabilities: [...c.capabilities, { capabilityId: `capability_${c.capabilities.length + 1}`, name: "", description: "", collections: [], exampleQuestions: [], enabled: true }] })); }}>
                {t("editor.capabilities.add")}
              </button>
            </>
          ) : null}

          {step === "routing" ? (
            <>
              <div className="grid gap-4 sm:grid-cols-3">
                <Field id="confidenceThreshold" label={t("editor.routing.confidenceThreshold")} error={err("routing.confidenceThreshold") ? [t("editor.routing.confidenceThresholdError")] : undefined} hint={t("editor.routing.confidenceThresholdHint")}>
                  <input id="confidenceThreshold" type="number" step="5" defaultValue={toPercent(routing.confidenceThreshold)} onChange={(e) => set("routing", { confidenceThreshold: num(e.target.value) / 100 })} className={inputClass} aria-invalid={invalid("routing.confidenceThreshold")} aria-describedby="confidenceThreshold-error" />
                </Field>
                <Field id="messageCap" label={t("editor.routing.messageCap")} error={err("routing.messageCap")} hint={t("editor.routing.messageCapHint")}>
                  <input id="messageCap" type="number" step="1" defaultValue={routing.messageCap} onChange={(e) => set("routing", { messageCap: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.messageCap")} aria-describedby="messageCap-error" />
                </Field>
                <Field id="idleResolveMinutes" label={t("editor.routing.idleResolveMinutes")} error={err("routing.idleResolveMinutes")} hint={t("editor.routing.idleResolveMinutesHint")}>
                  <input id="idleResolveMinutes" type="number" step="1" defaultValue={routing.idleResolveMinutes} onChange={(e) => set("routing", { idleResolveMinutes: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.idleResolveMinutes")} />
                </Field>
                <Field id="burstWindowSeconds" label={t("editor.routing.burstWindowSeconds")} error={err("routing.burstWindowSeconds")} hint={t("editor.routing.burstWindowSecondsHint")}>
                  <input id="burstWindowSeconds" type="number" step="1" min={0} max={10} defaultValue={routing.burstWindowSeconds ?? 0} onChange={(e) => set("routing", { burstWindowSeconds: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.burstWindowSeconds")} />
                </Field>
              </div>
              <fieldset className="space-y-2 text-sm">
                <legend className="font-medium text-gray-700">{t("editor.routing.handoverWhen")}</legend>
                <label className="flex items-center gap-2"><input type="checkbox" checked={routing.handoverOnHumanRequest} onChange={(e) => set("routing", { handoverOnHumanRequest: e.target.checked })} /> {t("editor.routing.handoverOnHumanRequest")}</label>
                <label className="flex items-center gap-2"><input type="checkbox" checked={routing.handoverOutsideCapabilities} onChange={(e) => set("routing", { handoverOutsideCapabilities: e.target.checked })} /> {t("editor.routing.handoverOutsideCapabilities")}</label>
              </fieldset>
              <Field id="handoverKeywords" label={t("editor.routing.handoverKeywords")} error={err("routing.handoverKeywords")} hint={t("editor.routing.handoverKeywordsHint")}>
                <input id="handoverKeywords" defaultValue={routing.handoverKeywords.join(", ")} onChange={(e) => set("routing", { handoverKeywords: list(e.target.value) })} className={inputClass} />
              </Field>
              <Field id="errorMessage" label={t("editor.routing.errorMessage")} error={err("routing.errorMessage")} hint={t("editor.routing.errorMessageHint")}>
                <textarea id="errorMessage" rows={2} value={routing.errorMessage} onChange={(e) => set("routing", { errorMessage: e.target.value })} className={inputClass} aria-invalid={invalid("routing.errorMessage")} />
              </Field>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="afterHoursMode" label={t("editor.routing.afterHoursMode")} error={err("routing.afterHoursMode")}>
                  <select id="afterHoursMode" value={routing.afterHoursMode} onChange={(e) => set("routing", { afterHoursMode: e.target.value as (typeof AFTER_HOURS_MODES)[number] })} className={inputClass}>
                    <option value="answer">{t("editor.routing.afterHoursAnswer")}</option>
                    <option value="handover">{t("editor.routing.afterHoursHandover")}</option>
                  </select>
                </Field>
                <Field id="afterHoursMessage" label={t("editor.routing.afterHoursMessage")} error={err("routing.afterHoursMessage")}>
                  <input id="afterHoursMessage" value={routing.afterHoursMessage} onChange={(e) => set("routing", { afterHoursMessage: e.target.value })} className={inputClass} />
                </Field>
              </div>
              <fieldset>
                <legend className="text-sm font-medium text-gray-700">{t("editor.routing.channels")}</legend>
                {channels.length === 0 ? <p className="text-sm text-gray-500">{t("editor.routing.noChannels")}</p> : (
                  <div className="mt-1 space-y-1 text-sm">
                    {channels.map((c) => (
                      <label key={c.id} className="flex items-center gap-2">
                        <input type="checkbox" checked={routing.channelIds.includes(c.id)}
                          onChange={(e) => set("routing", { channelIds: e.target.checked ? [...routing.channelIds, c.id] : routing.channelIds.filter((x) => x !== c.id) })} />
                        {c.name}
                        {c.otherAgent ? <span className="text-xs text-amber-700">{t("editor.routing.otherAgent", { agent: c.otherAgent })}</span> : null}
                      </label>
                    ))}
                  </div>
                )}
              </fieldset>
            </>
          ) : null}
        </fieldset>
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-gray-100 px-5 py-3">
          <div className="flex gap-2">
            <button type="button" disabled={stepIndex === 0} onClick={() => goTo(EDITOR_STEPS[stepIndex - 1]!.key)} className="rounded-md border border-gray-300 px-3 py-2 text-sm disabled:opacity-50">{t("editor.back")}</button>
            {stepIndex < EDITOR_STEPS.length - 1 ? (
              <button type="button" onClick={() => goTo(EDITOR_STEPS[stepIndex + 1]!.key)} className="rounded-md border border-gray-300 px-3 py-2 text-sm hover:bg-gray-50">{t("editor.next", { step: stepLabel(EDITOR_STEPS[stepIndex + 1]!.key) })}</button>
            ) : null}
          </div>
          {readOnly ? null : (
            <div className="flex gap-2">
              <button type="button" disabled={pending} onClick={() => submit("save")} className="rounded-md border border-gray-300 px-3 py-2 text-sm font-semibold hover:bg-gray-50 disabled:opacity-70" aria-busy={pending}>{pending ? t("editor.working") : t("editor.saveDraft")}</button>
              <button type="button" disabled={pending} onClick={() => submit("publish")} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-70" aria-busy={pending}>{pending ? t("editor.working") : t("editor.publish")}</button>
            </div>
          )}
        </div>
        {formError ? <div className="px-5 pb-4"><FormError message={formError} /></div> : null}
      </section>
      {readOnly ? null : <PreviewPanel config={config} note={modelNote} />}
    </div>
  );
}
