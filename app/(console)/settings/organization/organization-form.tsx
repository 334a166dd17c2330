"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import type { BusinessHours } from "@/db/schema";
import { saveOrganization } from "./actions";

type Range = { key: number; day: number; open: string; close: string };
// English day names: the rows' test ids; the labels come from `settings.organization.days`
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DAY_KEYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
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
  const t = useTranslations("settings.organization.form");
  const days = useTranslations("settings.organization.days");
  const [ranges, setRanges] = useState<Range[]>(() => org.businessHours.map((r) => ({ ...r, key: nextKey++ })));
  const [holidays, setHolidays] = useState<string[]>(org.holidays);
  const [newHoliday, setNewHoliday] = useState("");
  const fe = state.fieldErrors ?? {};
  const hoursError = fe.businessHours;

  const update = (key: number, patch: Partial<Range>) => setRanges((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <ActionForm action={action} className="space-y-6 rounded-lg border border-gray-200 bg-white p-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="name" label={t("name")} error={fe.name}>
          <input id="name" name="name" defaultValue={org.name} required maxLength={120} aria-invalid={!!fe.name} aria-describedby="name-error" className={inputClass} />
        </Field>
        <Field id="timezone" label={t("timezone")} error={fe.timezone} hint={t("timezoneHint")}>
          <select id="timezone" name="timezone" defaultValue={org.timezone} aria-invalid={!!fe.timezone} className={inputClass}>
            {timeZones.map((z) => <option key={z} value={z}>{z}</option>)}
          </select>
        </Field>
        <Field id="locale" label={t("locale")} error={fe.locale} hint={t("localeHint")}>
          <select id="locale" name="locale" defaultValue={org.locale} className={inputClass}>
            {locales.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
          </select>
        </Field>
        <Field id="currency" label={t("currency")} error={fe.currency} hint={t("currencyHint")}>
          <input id="currency" name="currency" defaultValue={org.currency} list="currency-codes" maxLength={3} aria-invalid={!!fe.currency} className={`${inputClass} uppercase`} />
          <datalist id="currency-codes">{currencies.map((c) => <option key={c} value={c} />)}</datalist>
        </Field>
      </div>

      {/* min-w-0: a fieldset is as wide as its content by default, which pushed the week past a phone's edge */}
      <fieldset className="min-w-0">
        <legend className="text-sm font-semibold text-gray-900">{t("businessHours")}</legend>
        <p className="mb-3 text-xs text-gray-500">{t("businessHoursHint")}</p>
        <input type="hidden" name="businessHours" value={JSON.stringify(ranges.map(({ day, open, close }) => ({ day, open, close })))} />
        <div className="divide-y divide-gray-100 rounded-md border border-gray-200">
          {WEEK_ORDER.map((day) => {
            const today = ranges.filter((r) => r.day === day);
            const dayName = days(DAY_KEYS[day]!);
            return (
              <div key={day} className="flex flex-wrap items-start gap-3 px-3 py-2" data-testid={`hours-${DAYS[day]}`}>
                <span className="w-24 pt-1.5 text-sm font-medium text-gray-700">{dayName}</span>
                <div className="flex flex-1 flex-col gap-2">
                  {today.length === 0 ? <span className="pt-1.5 text-sm text-gray-500">{t("closed")}</span> : null}
                  {today.map((r, i) => (
                    <div key={r.key} className="flex items-center gap-2">
                      <input type="time" aria-label={t("rangeOpens", { day: dayName, n: i + 1 })} value={r.open} onChange={(e) => update(r.key, { open: e.target.value })}
                        className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
                      <span className="text-gray-500">–</span>
                      <input type="time" aria-label={t("rangeCloses", { day: dayName, n: i + 1 })} value={r.close} onChange={(e) => update(r.key, { close: e.target.value })}
                        className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
                      <button type="button" onClick={() => setRanges((rs) => rs.filter((x) => x.key !== r.key))} aria-label={t("removeRange", { day: dayName, n: i + 1 })}
                        className="rounded px-2 py-1 text-xs text-gray-500 hover:bg-gray-100 hover:text-red-700">{t("remove")}</button>
                    </div>
                  ))}
                </div>
                <button type="button" onClick={() => setRanges((rs) => [...rs, { key: nextKey++, day, open: today.at(-1)?.close ?? "09:00", close: "17:00" }])}
                  aria-label={t("addRangeOn", { day: dayName })} className="rounded-md border border-gray-300 px-2 py-1 text-xs text-gray-700 hover:bg-gray-50">
                  {t("addRange")}
                </button>
              </div>
            );
          })}
        </div>
        {hoursError?.length ? <p role="alert" className="mt-2 text-sm text-red-600">{hoursError[0]}</p> : null}
      </fieldset>

      <fieldset>
        <legend className="text-sm font-semibold text-gray-900">{t("holidays")}</legend>
        <p className="mb-3 text-xs text-gray-500">{t("holidaysHint")}</p>
        <input type="hidden" name="holidays" value={JSON.stringify(holidays)} />
        <ul className="mb-2 flex flex-wrap gap-2">
          {holidays.length === 0 ? <li className="text-sm text-gray-500">{t("noHolidays")}</li> : null}
          {holidays.map((h) => (
            <li key={h} className="flex items-center gap-1 rounded-full bg-gray-100 px-3 py-1 text-sm">
              {h}
              <button type="button" aria-label={t("removeHoliday", { date: h })} onClick={() => setHolidays((hs) => hs.filter((x) => x !== h))} className="text-gray-500 hover:text-red-700">×</button>
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-2">
          <input type="date" aria-label={t("holidayDate")} value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} className="rounded-md border border-gray-300 px-2 py-1 text-sm" />
          <button type="button" disabled={!newHoliday}
            onClick={() => { setHolidays((hs) => [...new Set([...hs, newHoliday])].sort()); setNewHoliday(""); }}
            className="rounded-md border border-gray-300 px-2 py-1 text-xs text-gray-700 hover:bg-gray-50 disabled:opacity-50">{t("addHoliday")}</button>
        </div>
        {fe.holidays?.length ? <p role="alert" className="mt-2 text-sm text-red-600">{fe.holidays[0]}</p> : null}
      </fieldset>

      <FormError message={state.error} />
      <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
    </ActionForm>
  );
}
