/**
 * Organization settings (issue 8): name, time zone, locale, currency, business hours and holidays, validated with
 * zod and written with an audit entry in one transaction. Plan and flags live in `update-plan-and-flags.ts`.
 */
import { requireCapability } from "@/lib/auth/roles";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { localized } from "@/lib/i18n/language-scope";
import { businessHoursSchema, holidaysSchema, timeZoneSchema } from "./business-hours";
import { writeOrganizationFields } from "./write-organization-fields";

/** Locales offered in the console (Indonesian first). */
export const LOCALES = [
  { value: "id-ID", label: "Bahasa Indonesia (Indonesia)" },
  { value: "en-ID", label: "English (Indonesia)" },
  { value: "en-US", label: "English (United States)" },
  { value: "en-GB", label: "English (United Kingdom)" },
  { value: "ms-MY", label: "Bahasa Melayu (Malaysia)" },
  { value: "en-SG", label: "English (Singapore)" },
] as const;

const currencies = new Set(Intl.supportedValuesOf("currency"));

export const organizationSettingsSchema = z.object({
  name: z.string().trim().min(1, localized("org.nameRequired")).max(120, localized("org.nameTooLong", { max: 120 })),
  timezone: timeZoneSchema,
  locale: z.enum(LOCALES.map((l) => l.value) as [string, ...string[]], localized("org.chooseLocale")),
  currency: z.string().trim().toUpperCase().refine((c) => currencies.has(c), localized("org.currencyCode")),
  businessHours: businessHoursSchema,
  holidays: holidaysSchema,
});

export type OrganizationSettingsInput = z.input<typeof organizationSettingsSchema>;

/**
 * Saves the org's settings (owner/admin).
 * @returns the names of the fields that changed (empty when nothing did)
 * @throws UserError 403 for other roles; ZodError with field errors for bad input (nothing is written)
 */
export async function updateOrganizationSettings(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<string[]> {
  requireCapability(actor, "changeOrganization", "roles.changeOrganization");
  const next = organizationSettingsSchema.parse(input);
  return writeOrganizationFields(db, { actor, next, area: "organization", action: "organization.updated", targetLabel: next.name });
}
