import { canAccess } from "@/lib/auth/roles";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { getOrganization } from "@/lib/org/get-organization";
import { LOCALES } from "@/lib/org/update-organization";
import { OrganizationForm } from "./organization-form";
import { PlanForm } from "./plan-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.organization");
  return { title: t("metaTitle") };
}

export default async function OrganizationPage() {
  const member = await requireMember("settingsWrite");
  const org = await getOrganization(await getDb(), { orgId: member.orgId });
  if (!org) notFound();
  const managed = env().TANDEM_PLAN_MANAGED === "1";
  const zones = Intl.supportedValuesOf("timeZone");
  const t = await getTranslations("settings.organization");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <OrganizationForm
        org={{ name: org.name, timezone: org.timezone, locale: org.locale, currency: org.currency, businessHours: org.businessHours, holidays: org.holidays }}
        timeZones={zones.includes("UTC") ? zones : ["UTC", ...zones]}
        locales={LOCALES.map((l) => ({ ...l }))}
        currencies={Intl.supportedValuesOf("currency")}
      />
      <PlanForm
        plan={{ plan: org.plan, aiAgentAddon: org.aiAgentAddon, botTrafficSplitEnabled: org.botTrafficSplitEnabled, aiAgentImpactReport: org.aiAgentImpactReport, aiAgentImpactReportForecast: org.aiAgentImpactReportForecast }}
        editable={canAccess(member.role, "changePlan") && !managed}
        managed={managed}
      />
    </div>
  );
}
