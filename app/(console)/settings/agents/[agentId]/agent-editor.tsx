"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Field, FormError, inputClass } from "@/components/form/field";
import {
  AFTER_HOURS_MODES, AGENT_TONES, ALL_COLLECTIONS, EDITOR_STEPS, LANGUAGE_LABELS, agentConfigSchema,
  type AgentConfig, type Capability, type EditorStep,
} from "@/lib/agent/config-schema";
import { pathErrors } from "@/lib/agent/path-errors";
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

/** Errors of one step, keyed by full path (`routing.messageCap`). */
function stepErrors(step: EditorStep, config: AgentConfig): Errors {
  const def = EDITOR_STEPS.find((s) => s.key === step)!;
  const parsed = def.schema.safeParse(config[step]);
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
      const found = stepErrors(step, next);
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
      const found = stepErrors(s.key, config);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setStep(s.key);
        setFormError(`Fix the errors in “${s.label}” first.`);
        return;
      }
    }
    setErrors({});
    setFormError(undefined);
    setStep(target);
  }

  function submit(kind: "save" | "publish") {
    const parsed = agentConfigSchema.safeParse(config);
    if (!parsed.success) {
      const all = pathErrors(parsed.error);
      setErrors(all);
      const firstBad = EDITOR_STEPS.find((s) => Object.keys(all).some((k) => k === s.key || k.startsWith(`${s.key}.`)));
      if (firstBad) setStep(firstBad.key);
      setFormError("Please fix the highlighted fields.");
      return;
    }
    if (kind === "publish" && !window.confirm("Publish this config? It answers customers on its channels right away.")) return;
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
      <section className="rounded-lg border border-gray-200 bg-white" aria-label="Agent configuration">
        <ol className="flex border-b border-gray-100" aria-label="Steps">
          {EDITOR_STEPS.map((s, i) => (
            <li key={s.key} className="flex-1">
              <button type="button" onClick={() => goTo(s.key)} aria-current={s.key === step ? "step" : undefined}
                className={`w-full px-4 py-3 text-left text-sm ${s.key === step ? "border-b-2 border-blue-600 font-semibold text-blue-700" : "text-gray-600 hover:bg-gray-50"}`}>
                <span className="mr-2 inline-flex h-6 w-6 items-center justify-center rounded-full bg-gray-100 text-xs">{i + 1}</span>{s.label}
              </button>
            </li>
          ))}
        </ol>
        <fieldset disabled={readOnly || pending} className="space-y-4 p-5">
          <legend className="sr-only">{EDITOR_STEPS[stepIndex]!.label}</legend>
          {step === "profile" ? (
            <>
              <Field id="name" label="Name" error={err("profile.name")}>
                <input id="name" value={profile.name} onChange={(e) => set("profile", { name: e.target.value })} className={inputClass} aria-invalid={invalid("profile.name")} />
              </Field>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="tone" label="Tone" error={err("profile.tone")}>
                  <select id="tone" value={profile.tone} onChange={(e) => set("profile", { tone: e.target.value as AgentConfig["profile"]["tone"] })} className={inputClass}>
                    {AGENT_TONES.map((t) => <option key={t} value={t}>{t[0]!.toUpperCase() + t.slice(1)}</option>)}
                  </select>
                </Field>
                <Field id="language" label="Language" error={err("profile.language")}>
                  <select id="language" value={profile.language} onChange={(e) => set("profile", { language: e.target.value as AgentConfig["profile"]["language"] })} className={inputClass}>
                    {Object.entries(LANGUAGE_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                  </select>
                </Field>
              </div>
              <Field id="persona" label="Persona" error={err("profile.persona")} hint="Who the agent is, in a sentence or two.">
                <textarea id="persona" rows={2} value={profile.persona} onChange={(e) => set("profile", { persona: e.target.value })} className={inputClass} aria-invalid={invalid("profile.persona")} />
              </Field>
              <Field id="instructions" label="Instructions" error={err("profile.instructions")} hint="Rules the agent follows when it composes replies.">
                <textarea id="instructions" rows={4} value={profile.instructions} onChange={(e) => set("profile", { instructions: e.target.value })} className={inputClass} aria-invalid={invalid("profile.instructions")} />
              </Field>
              <Field id="greeting" label="Greeting" error={err("profile.greeting")} hint="Sent when a customer only says hello.">
                <textarea id="greeting" rows={2} value={profile.greeting} onChange={(e) => set("profile", { greeting: e.target.value })} className={inputClass} aria-invalid={invalid("profile.greeting")} />
              </Field>
              <Field id="fallbackMessage" label="Fallback message" error={err("profile.fallbackMessage")} hint="Sent when a question is outside every capability and the agent keeps the conversation.">
                <textarea id="fallbackMessage" rows={2} value={profile.fallbackMessage} onChange={(e) => set("profile", { fallbackMessage: e.target.value })} className={inputClass} aria-invalid={invalid("profile.fallbackMessage")} />
              </Field>
              <Field id="handoverMessage" label="Handover message" error={err("profile.handoverMessage")} hint="Sent when the agent hands the conversation to your team.">
                <textarea id="handoverMessage" rows={2} value={profile.handoverMessage} onChange={(e) => set("profile", { handoverMessage: e.target.value })} className={inputClass} aria-invalid={invalid("profile.handoverMessage")} />
              </Field>
            </>
          ) : null}

          {step === "capabilities" ? (
            <>
              <p className="text-sm text-gray-600">The <code>capability_pack</code>: what the agent may answer, and from which knowledge collections. Questions outside every enabled capability follow the routing rules.</p>
              <FormError message={err("capabilities")?.[0]} />
              {capabilities.map((cap, i) => {
                const p = `capabilities.${i}`;
                return (
                  <div key={cardKeys[i] ?? i} className="space-y-3 rounded-md border border-gray-200 p-4" aria-label={`Capability ${i + 1}`} role="group">
                    <div className="flex items-center justify-between">
                      <label className="flex items-center gap-2 text-sm font-medium">
                        <input type="checkbox" checked={cap.enabled} onChange={(e) => setCapability(i, { enabled: e.target.checked })} /> Enabled
                      </label>
                      <button type="button" onClick={() => { setCardKeys((k) => k.filter((_, j) => j !== i)); update((c) => ({ ...c, capabilities: c.capabilities.filter((_, j) => j !== i) })); }} className="text-sm text-red-700 hover:underline">Remove</button>
                    </div>
                    <div className="grid gap-3 sm:grid-cols-2">
                      <Field id={`${p}.name`} label="Capability name" error={err(`${p}.name`)}>
                        <input id={`${p}.name`} value={cap.name} onChange={(e) => setCapability(i, { name: e.target.value })} className={inputClass} aria-invalid={invalid(`${p}.name`)} />
                      </Field>
                      <Field id={`${p}.capabilityId`} label="capability_id" error={err(`${p}.capabilityId`)}>
                        <input id={`${p}.capabilityId`} value={cap.capabilityId} onChange={(e) => setCapability(i, { capabilityId: e.target.value })} className={inputClass + " font-mono"} aria-invalid={invalid(`${p}.capabilityId`)} />
                      </Field>
                    </div>
                    <Field id={`${p}.description`} label="Description" error={err(`${p}.description`)}>
                      <input id={`${p}.description`} value={cap.description} onChange={(e) => setCapability(i, { description: e.target.value })} className={inputClass} />
                    </Field>
                    <fieldset>
                      <legend className="text-sm font-medium text-gray-700">Knowledge collections</legend>
                      <div className="mt-1 flex flex-wrap gap-3 text-sm">
                        {[{ name: ALL_COLLECTIONS, label: "All collections" }, ...collections.map((c) => ({ name: c.name, label: `${c.name} (${c.articles})` }))].map((c) => (
                          <label key={c.name} className="flex items-center gap-1">
                            <input type="checkbox" checked={cap.collections.includes(c.name)}
                              onChange={(e) => setCapability(i, { collections: e.target.checked ? [...cap.collections, c.name] : cap.collections.filter((x) => x !== c.name) })} />
                            {c.label}
                          </label>
                        ))}
                      </div>
                      {collections.length === 0 ? <p className="mt-1 text-xs text-gray-500">No knowledge yet — import articles under Knowledge.</p> : null}
                      <p id={`${p}.collections-error`} className="mt-1 text-sm text-red-600">{err(`${p}.collections`)?.[0]}</p>
                    </fieldset>
                    <Field id={`${p}.exampleQuestions`} label="Example customer questions" error={err(`${p}.exampleQuestions`)} hint="One per line.">
                      <textarea id={`${p}.exampleQuestions`} rows={3} defaultValue={cap.exampleQuestions.join("\n")} onChange={(e) => setCapability(i, { exampleQuestions: lines(e.target.value) })} className={inputClass} />
                    </Field>
                  </div>
                );
              })}
              <button type="button" className="rounded-md border border-gray-300 px-3 py-2 text-sm hover:bg-gray-50"
                onClick={() => { setCardKeys((k) => [...k, Math.max(-1, ...k) + 1]); update((c) => ({ ...c, capabilities: [...c.capabilities, { capabilityId: `capability_${c.capabilities.length + 1}`, name: "", description: "", collections: [], exampleQuestions: [], enabled: true }] })); }}>
                Add capability
              </button>
            </>
          ) : null}

          {step === "routing" ? (
            <>
              <div className="grid gap-4 sm:grid-cols-3">
                <Field id="confidenceThreshold" label="Confidence threshold (0–1)" error={err("routing.confidenceThreshold")} hint="Below it the agent hands over.">
                  <input id="confidenceThreshold" type="number" step="0.05" defaultValue={routing.confidenceThreshold} onChange={(e) => set("routing", { confidenceThreshold: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.confidenceThreshold")} aria-describedby="confidenceThreshold-error" />
                </Field>
                <Field id="messageCap" label="Message cap" error={err("routing.messageCap")} hint="Bot messages per conversation.">
                  <input id="messageCap" type="number" step="1" defaultValue={routing.messageCap} onChange={(e) => set("routing", { messageCap: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.messageCap")} aria-describedby="messageCap-error" />
                </Field>
                <Field id="idleResolveMinutes" label="Resolve after silence (minutes)" error={err("routing.idleResolveMinutes")} hint="Closes as resolved by AI (assumed).">
                  <input id="idleResolveMinutes" type="number" step="1" defaultValue={routing.idleResolveMinutes} onChange={(e) => set("routing", { idleResolveMinutes: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.idleResolveMinutes")} />
                </Field>
                <Field id="burstWindowSeconds" label="Wait for more messages (seconds)" error={err("routing.burstWindowSeconds")} hint="Messages sent this close together get one reply that reads them all; 0 replies at once.">
                  <input id="burstWindowSeconds" type="number" step="1" min={0} max={10} defaultValue={routing.burstWindowSeconds ?? 0} onChange={(e) => set("routing", { burstWindowSeconds: num(e.target.value) })} className={inputClass} aria-invalid={invalid("routing.burstWindowSeconds")} />
                </Field>
              </div>
              <fieldset className="space-y-2 text-sm">
                <legend className="font-medium text-gray-700">Hand over to a human when</legend>
                <label className="flex items-center gap-2"><input type="checkbox" checked={routing.handoverOnHumanRequest} onChange={(e) => set("routing", { handoverOnHumanRequest: e.target.checked })} /> the customer asks for a human</label>
                <label className="flex items-center gap-2"><input type="checkbox" checked={routing.handoverOutsideCapabilities} onChange={(e) => set("routing", { handoverOutsideCapabilities: e.target.checked })} /> the question is outside every capability</label>
              </fieldset>
              <Field id="handoverKeywords" label="Handover keywords" error={err("routing.handoverKeywords")} hint="Comma-separated; a message containing one goes to your team.">
                <input id="handoverKeywords" defaultValue={routing.handoverKeywords.join(", ")} onChange={(e) => set("routing", { handoverKeywords: list(e.target.value) })} className={inputClass} />
              </Field>
              <Field id="errorMessage" label="If the engine fails or times out" error={err("routing.errorMessage")} hint="The conversation is handed over with this message.">
                <textarea id="errorMessage" rows={2} value={routing.errorMessage} onChange={(e) => set("routing", { errorMessage: e.target.value })} className={inputClass} aria-invalid={invalid("routing.errorMessage")} />
              </Field>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="afterHoursMode" label="Outside business hours" error={err("routing.afterHoursMode")}>
                  <select id="afterHoursMode" value={routing.afterHoursMode} onChange={(e) => set("routing", { afterHoursMode: e.target.value as (typeof AFTER_HOURS_MODES)[number] })} className={inputClass}>
                    <option value="answer">Keep answering; handovers mention when the team is back</option>
                    <option value="handover">Hand every conversation to the team</option>
                  </select>
                </Field>
                <Field id="afterHoursMessage" label="After-hours note" error={err("routing.afterHoursMessage")}>
                  <input id="afterHoursMessage" value={routing.afterHoursMessage} onChange={(e) => set("routing", { afterHoursMessage: e.target.value })} className={inputClass} />
                </Field>
              </div>
              <fieldset>
                <legend className="text-sm font-medium text-gray-700">Channels that use this agent</legend>
                {channels.length === 0 ? <p className="text-sm text-gray-500">No active channels.</p> : (
                  <div className="mt-1 space-y-1 text-sm">
                    {channels.map((c) => (
                      <label key={c.id} className="flex items-center gap-2">
                        <input type="checkbox" checked={routing.channelIds.includes(c.id)}
                          onChange={(e) => set("routing", { channelIds: e.target.checked ? [...routing.channelIds, c.id] : routing.channelIds.filter((x) => x !== c.id) })} />
                        {c.name}
                        {c.otherAgent ? <span className="text-xs text-amber-700">now answered by {c.otherAgent} — publishing moves it here</span> : null}
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
            <button type="button" disabled={stepIndex === 0} onClick={() => goTo(EDITOR_STEPS[stepIndex - 1]!.key)} className="rounded-md border border-gray-300 px-3 py-2 text-sm disabled:opacity-50">Back</button>
            {stepIndex < EDITOR_STEPS.length - 1 ? (
              <button type="button" onClick={() => goTo(EDITOR_STEPS[stepIndex + 1]!.key)} className="rounded-md border border-gray-300 px-3 py-2 text-sm hover:bg-gray-50">Next: {EDITOR_STEPS[stepIndex + 1]!.label}</button>
            ) : null}
          </div>
          {readOnly ? null : (
            <div className="flex gap-2">
              <button type="button" disabled={pending} onClick={() => submit("save")} className="rounded-md border border-gray-300 px-3 py-2 text-sm font-semibold hover:bg-gray-50 disabled:opacity-70" aria-busy={pending}>{pending ? "Working…" : "Save draft"}</button>
              <button type="button" disabled={pending} onClick={() => submit("publish")} className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-70" aria-busy={pending}>{pending ? "Working…" : "Publish"}</button>
            </div>
          )}
        </div>
        {formError ? <div className="px-5 pb-4"><FormError message={formError} /></div> : null}
      </section>
      {readOnly ? null : <PreviewPanel config={config} note={modelNote} />}
    </div>
  );
}
