/**
 * The approval notices' words in both languages (issue 19 item 1), carried in the outbox row so each member's devices
 * get them in that member's language (`pushToMembers` picks per person).
 */
import { translatorFor } from "@/lib/i18n/translator";
import { UI_LANGUAGES, type UiLanguage } from "@/lib/i18n/ui-language";

export type LocalizedPushText = Partial<Record<UiLanguage, { title: string; body: string }>>;

function both(make: (t: ReturnType<typeof translatorFor<"approvals">>) => { title: string; body: string }): LocalizedPushText {
  return Object.fromEntries(UI_LANGUAGES.map((language) => [language, make(translatorFor(language, "approvals"))]));
}

/**
 * "Draft waiting 30 min": a pending draft's reminder (004_… §9).
 * @param p.customer the customer's name, or null ("a customer")
 * @param p.slaRisk the managers' level: the SLA is at risk
 */
export function waitingDraftText(p: { minutes: number; priority: string; customer: string | null; slaRisk: boolean }): LocalizedPushText {
  return both((t) => ({
    title: t("push.waitingTitle", { minutes: String(p.minutes) }),
    body: t("push.waitingBody", { minutes: String(p.minutes), priority: p.priority, customer: p.customer ?? t("push.aCustomer"), slaRisk: p.slaRisk ? "yes" : "no" }),
  }));
}

/** "Draft escalated to you": the supervisors' notice when an operator escalates. */
export function escalatedDraftText(p: { name: string; why: string }): LocalizedPushText {
  return both((t) => ({ title: t("push.escalatedTitle"), body: t("push.escalatedBody", { name: p.name, why: p.why }) }));
}
