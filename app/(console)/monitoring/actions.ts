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

/** Acknowledges an alert from the feed (the first action on it sets its time-to-intervene). */
export async function acknowledgeAlertAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const found = await markAlertActed(await getDb(), { orgId: member.orgId, alertId: String(formData.get("alertId") ?? ""), userId: member.userId, via: "acknowledged" });
    if (!found) throw new UserError("That alert is not in your organization.", 404);
    revalidatePath("/monitoring");
    return { message: "Alert acknowledged" };
  });
}

/**
 * Acknowledges several alerts of the feed at once: the ones ticked (`alertId`), or with "all on this page" every one
 * shown there not yet acted on (`pageAlertId`).
 */
export async function acknowledgeAlertsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const ids = formData.get("scope") === "page" ? formData.getAll("pageAlertId") : formData.getAll("alertId");
    const n = await acknowledgeAlerts(await getDb(), { orgId: member.orgId, alertIds: ids.map(String), userId: member.userId });
    revalidatePath("/monitoring");
    return { message: n === 0 ? "Those alerts were already acted on." : `${n} alert${n === 1 ? "" : "s"} acknowledged` };
  });
}

/**
 * Records that the signed-in member opened an alert's conversation (the alert link's landing page calls it once it has
 * loaded; the first open sets the time to open — intervening waits for an action on the conversation).
 */
export async function recordAlertOpenedAction(alertId: string): Promise<ActionState> {
  return runAction("monitoring", async (member) => {
    const found = await markAlertOpened(await getDb(), { orgId: member.orgId, alertId, userId: member.userId });
    if (!found) throw new UserError("That alert is not in your organization.", 404);
    return { message: "Opened from an alert" };
  });
}

/** Snoozes a signal for a channel or an agent (issue 18 item 6). */
export async function snoozeSignalAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("snoozeAlerts", async (member) => {
    const scope = String(formData.get("scope") ?? "");
    const [kind, target] = [scope.split(":")[0], scope.split(":").slice(1).join(":")];
    const { until } = await snoozeSignal(await getDb(), {
      actor: member,
      input: { scope: kind, signal: formData.get("signal"), hours: formData.get("hours"), ...(kind === "channel" ? { channelId: target } : { agentKey: target }) },
    });
    revalidatePath("/monitoring");
    return { message: `Snoozed until ${formatInZone(until, member.timezone, member.locale)}: alerts still show here, without a push` };
  });
}

/** Ends a snooze now. */
export async function endSnoozeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("snoozeAlerts", async (member) => {
    await endSnooze(await getDb(), { actor: member, snoozeId: String(formData.get("snoozeId") ?? "") });
    revalidatePath("/monitoring");
    return { message: "Snooze ended: pushes are back on" };
  });
}

/** Sends the test notification to every device of the signed-in member. */
export async function sendTestPushAction(_prev: ActionState): Promise<ActionState> {
  return runAction("registerPushDevices", async (member) => {
    const result = await sendTestNotification(await getDb(), { orgId: member.orgId, userId: member.userId });
    revalidatePath("/monitoring/devices");
    if (result.sent + result.failed + result.removed === 0) throw new UserError("No device is registered yet. Enable notifications on this device first.", 409);
    if (result.sent === 0) throw new UserError(`The push service refused the notification on ${result.failed + result.removed} device(s)${result.removed ? "; expired ones were removed" : ""}.`, 409);
    return { message: `Test notification sent to ${result.sent} device${result.sent === 1 ? "" : "s"}` };
  });
}

/** Removes one of the member's devices. */
export async function removeDeviceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("registerPushDevices", async (member) => {
    await removeDevice(await getDb(), { userId: member.userId, subscriptionId: String(formData.get("subscriptionId") ?? "") });
    revalidatePath("/monitoring/devices");
    return { message: "Device removed" };
  });
}
