"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import type { BusinessHours } from "@/db/schema";
import { saveOrganization } from "./actions";

type Range = { key: number; day: number; open: string; close: string };
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
let nextKey = 0;

type Props = {
  org: { name: string; timezone: string; locale: string; currency: string; businessHours: BusinessHours; holidays: string[] };
  timeZones: string[];
  locales: { value: string; label: string }[];
  currencies: string[];
};

/** Name, time zone, locale, currency, weekly business hours (several ranges per day) and holidays. */
export function OrganizationForm({ org, timeZones, locales, currencies }: Props) {
  const [state, action] = useActionState<ActionState, FormData>(saveOrganization, {});
  useActionToast(state);
  const [ranges, setRanges] = useState<Range[]>(() => org.businessHours.map((r) => ({ ...r, key: nextKey++ })));
  const [holidays, setHolidays] = useState<string[]>(org.holidays);
  const [newHoliday, setNewHoliday] = useState("");
  const fe = state.fieldErrors ?? {};
  const hoursError = fe.businessHours;

  const update = (key: number, patch: Partial<Range>) => setRanges((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <ActionForm action={action} className="space-y-6 rounded-lg border border-gray-200 bg-white p-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="name" label="Name" error={fe.name}>
          <input id="name" name="name" defaultValue={org.name} required maxLength={120} aria-invalid={!!fe.name} aria-describedby="name-error" className={inputClass} />
        </Field>
        <Field id="timezone" label="Time zone" error={fe.timezone} hint="Dates, reports and business hours use this zone.">
          <select id="timezone" name="timezone" defaultValue={org.timezone} aria-invalid={!!fe.timezone} className={inputClass}>
            {timeZones.map((z) => <option key={z} value={z}>{z}</option>)}
          </select>
        </Field>
        <Field id="locale" label="Locale" error={fe.locale}>
          <select id="locale" name="locale" defaultValue={org.locale} className={inputClass}>
            {locales.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
          </select>
        </Field>
        <Field id="currency" label="Currency" error={fe.currency} hint="ISO 4217 code; rupiah is IDR.">
          <input id="currency" name="currency" defaultValue={org.currency} list="currency-codes" maxLength={3} aria-invalid={!!fe.currency} className={`${inputClass} uppercase`} />
          <datalist id="currency-codes">{currencies.map((c) => <option key={c} value={c} />)}</datalist>
        </Field>
      </div>

      <fieldset>
        <legend className="text-sm font-semibold text-gray-900">Business hours</legend>
        <p className="mb-3 text-xs text-gray-500">Used for after-hours metrics, SLA clocks, alert quiet hours and agent routing. A day without ranges is closed.</p>
        <input type="hidden" name="businessHours" value={JSON.stringify(ranges.map(({ day, open, close }) => ({ day, open, close })))} />
        <div className="divide-y divide-gray-100 rounded-md border border-gray-200">
          {WEEK_ORDER.map((day) => {
            const today = ranges.filter((r) => r.day === day);
            return (
              <div key={day} className="flex flex-wrap items-start gap-3 px-3 py-2" data-testid={`hours-${DAYS[day]}`}>
                <span className="w-24 pt-1.5 text-sm font-medium text-gray-700">{DAYS[day]}</span>
                <div className="flex flex-1 flex-col gap-2">
                  {today.length === 0 ? <span className="pt-1.5 text-sm text-gray-400">Closed</span> : null}
                  {today.map((r, i) => (
                    <div key={r.key} className="flex items-center gap-2">
                      <input type="time" aria-label={`${DAYS[day]} range ${i + 1} opens`} value={r.open} onChange={(e) => update(r.key, { open: e.target.value })}
                        className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
                      <span className="text-gray-400">–</span>
                      <input type="time" aria-label={`${DAYS[day]} range ${i + 1} closes`} value={r.close} onChange={(e) => update(r.key, { close: e.target.value })}
                        className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
                      <button type="button" onClick={() => setRanges((rs) => rs.filter((x) => x.key !== r.key))} aria-label={`Remove ${DAYS[day]} range ${i + 1}`}
                        className="rounded px-2 py-1 text-xs text-gray-500 hover:bg-gray-100 hover:text-red-700">Remove</button>
                    </div>
                  ))}
                </div>
                <button type="button" onClick={() => setRanges((rs) => [...rs, { key: nextKey++, day, open: today.at(-1)?.close ?? "09:00", close: "17:00" }])}
                  aria-label={`Add a range on ${DAYS[day]}`} className="rounded-md border border-gray-300 px-2 py-1 text-xs text-gray-700 hover:bg-gray-50">
                  Add range
                </button>
              </div>
            );
          })}
        </div>
        {hoursError?.length ? <p role="alert" className="mt-2 text-sm text-red-600">{hoursError[0]}</p> : null}
      </fieldset>

      <fieldset>
        <legend className="text-sm font-semibold text-gray-900">Holidays</legend>
        <p className="mb-3 text-xs text-gray-500">Closed all day on these dates (in the organization&apos;s time zone).</p>
        <input type="hidden" name="holidays" value={JSON.stringify(holidays)} />
        <ul className="mb-2 flex flex-wrap gap-2">
          {holidays.length === 0 ? <li className="text-sm text-gray-400">No holidays</li> : null}
          {holidays.map((h) => (
            <li key={h} className="flex items-center gap-1 rounded-full bg-gray-100 px-3 py-1 text-sm">
              {h}
              <button type="button" aria-label={`Remove holiday ${h}`} onClick={() => setHolidays((hs) => hs.filter((x) => x !== h))} className="text-gray-500 hover:text-red-700">×</button>
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-2">
          <input type="date" aria-label="Holiday date" value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
          <button type="button" disabled={!newHoliday}
            onClick={() => { setHolidays((hs) => [...new Set([...hs, newHoliday])].sort()); setNewHoliday(""); }}
            className="rounded-md border border-gray-300 px-2 py-1 text-xs text-gray-700 hover:bg-gray-50 disabled:opacity-50">Add holiday</button>
        </div>
        {fe.holidays?.length ? <p role="alert" className="mt-2 text-sm text-red-600">{fe.holidays[0]}</p> : null}
      </fieldset>

      <FormError message={state.error} />
      <SubmitButton pendingLabel="Saving…">Save organization</SubmitButton>
    </ActionForm>
  );
}
