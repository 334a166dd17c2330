"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { acknowledgeAlerts, markAlertActed, markAlertOpened } from "@/lib/alerts/act-on-alert";
import { removeDevice } from "@/lib/alerts/push-subscriptions";
import { sendTestNotification } from "@/lib/alerts/deliver-push";
import { UserError } from "@/lib/errors/user-error";
import { endSnooze, snoozeSignal } from "@/lib/alerts/snooze-alerts";
import { formatInZone } from "@/lib/time/format";
import { getTranslations } from "next-intl/server";

/** Acknowledges an alert from the feed (the first action on it sets its time-to-intervene). */
export async function acknowledgeAlertAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const t = await getTranslations("monitoring");
    const found = await markAlertActed(await getDb(), { orgId: member.orgId, alertId: String(formData.get("alertId") ?? ""), userId: member.userId, via: "acknowledged" });
    if (!found) throw new UserError(t("actions.alertNotFound"), 404);
    revalidatePath("/monitoring");
    return { message: t("actions.acknowledged") };
  }, { input: formData });
}

/**
 * Acknowledges several alerts of the feed at once: the ones ticked (`alertId`), or with "all on this page" every one
 * shown there not yet acted on (`pageAlertId`).
 */
export async function acknowledgeAlertsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const t = await getTranslations("monitoring");
    const ids = formData.get("scope") === "page" ? formData.getAll("pageAlertId") : formData.getAll("alertId");
    const n = await acknowledgeAlerts(await getDb(), { orgId: member.orgId, alertIds: ids.map(String), userId: member.userId });
    revalidatePath("/monitoring");
    return { message: n === 0 ? t("actions.alreadyActed") : t("actions.bulkAcknowledged", { count: n }) };
  }, { input: formData });
}

/**
 * Records that the signed-in member opened an alert's conversation (the alert link's landing page calls it once it has
 * loaded; the first open sets the time to open — intervening waits for an action on the conversation).
 */
export async function recordAlertOpenedAction(alertId: string): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const t = await getTranslations("monitoring");
    const found = await markAlertOpened(await getDb(), { orgId: member.orgId, alertId, userId: member.userId });
    if (!found) throw new UserError(t("actions.alertNotFound"), 404);
    return { message: t("actions.opened") };
  });
}

/** Snoozes a signal for a channel or an agent (issue 18 item 6). */
export async function snoozeSignalAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("snoozeAlerts", async (member) => {
    const t = await getTranslations("monitoring");
    const scope = String(formData.get("scope") ?? "");
    const [kind, target] = [scope.split(":")[0], scope.split(":").slice(1).join(":")];
    const { until } = await snoozeSignal(await getDb(), {
      actor: member,
      input: { scope: kind, signal: formData.get("signal"), hours: formData.get("hours"), ...(kind === "channel" ? { channelId: target } : { agentKey: target }) },
    });
    revalidatePath("/monitoring");
    return { message: t("actions.snoozed", { until: formatInZone(until, member.timezone, member.locale) }) };
  }, { input: formData });
}

/** Ends a snooze now. */
export async function endSnoozeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("snoozeAlerts", async (member) => {
    const t = await getTranslations("monitoring");
    await endSnooze(await getDb(), { actor: member, snoozeId: String(formData.get("snoozeId") ?? "") });
    revalidatePath("/monitoring");
    return { message: t("actions.snoozeEnded") };
  }, { input: formData });
}

/** Sends the test notification to every device of the signed-in member. */
export async function sendTestPushAction(_prev: ActionState): Promise<ActionState> {
  return runAction("registerPushDevices", async (member) => {
    const t = await getTranslations("monitoring");
    const result = await sendTestNotification(await getDb(), { orgId: member.orgId, userId: member.userId });
    revalidatePath("/monitoring/devices");
    if (result.sent + result.failed + result.removed === 0) throw new UserError(t("actions.noDevice"), 409);
    if (result.sent === 0) throw new UserError(t(result.removed ? "actions.pushRefusedRemoved" : "actions.pushRefused", { count: result.failed + result.removed }), 409);
    return { message: t("actions.testSent", { count: result.sent }) };
  });
}

/** Removes one of the member's devices. */
export async function removeDeviceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("registerPushDevices", async (member) => {
    const t = await getTranslations("monitoring");
    await removeDevice(await getDb(), { userId: member.userId, subscriptionId: String(formData.get("subscriptionId") ?? "") });
    revalidatePath("/monitoring/devices");
    return { message: t("actions.deviceRemoved") };
  }, { input: formData });
}
