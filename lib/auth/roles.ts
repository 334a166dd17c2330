/**
 * Roles (DESIGN.md §Who uses it) and the one permission map (issue 17 item 9): which roles hold each capability.
 * Pages and routes guard by capability (`requireMember`, `guardRoute`, `memberAction`), and every write in `lib/`
 * checks its capability with {@link requireCapability} — no other code compares roles to decide what is allowed.
 * `lib/auth/policy.test.ts` enumerates every role against every capability, action and route.
 */
import { UserError } from "@/lib/errors/user-error";
import { say, type ErrorKey } from "@/lib/i18n/language-scope";

export const ROLES = ["owner", "admin", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];

const EVERYONE = ROLES;
const MANAGERS = ["owner", "admin", "supervisor"] as const;
const ADMINS = ["owner", "admin"] as const;
const OWNERS = ["owner"] as const;

/** capability → the roles that hold it */
export const PERMISSIONS = {
  // console areas: who may open them
  conversations: EVERYONE,
  approvals: EVERYONE,
  reports: MANAGERS,
  /** live failure feed, alerts and push devices (003_…) */
  monitoring: MANAGERS,
  /** supervisors see settings read-only; only owner/admin change them */
  settings: MANAGERS,
  settingsWrite: ADMINS,
  // approvals (004_…): agents decide drafts assigned to them or to nobody; the others any draft, escalated ones too
  decideAnyApproval: MANAGERS,
  /** take over, reply to, hand back, resolve and pass on conversations that are yours or nobody's (issue 18) */
  actOnConversations: EVERYONE,
  /** the same on a conversation another member has, and assign it to anyone */
  actOnAnyConversation: MANAGERS,
  /** snooze a signal for a channel or an agent, and end a snooze (issue 18 item 6) */
  snoozeAlerts: MANAGERS,
  /** register this browser for web push: every role that can be sent an alert or own an approval (issue 18 item 3) */
  registerPushDevices: EVERYONE,
  // changes, each audited where it is made
  changeOrganization: ADMINS,
  changePlan: OWNERS,
  manageMembers: ADMINS,
  /** make, demote, deactivate an owner or replace an owner's invitation */
  manageOwners: OWNERS,
  manageChannels: ADMINS,
  changeTrafficSplit: ADMINS,
  manageAgents: ADMINS,
  manageKnowledge: ADMINS,
  configureAlerts: ADMINS,
  manageChatwoot: ADMINS,
  editImpactCosts: ADMINS,
  retryBackgroundWork: ADMINS,
  /** an agent's own online/offline switch in the navigation */
  setOwnAvailability: ["agent"],
  // who is told, rather than who may act (004_… timeouts, 003_… recipients)
  /** the first reminder for an unassigned draft (timeout level 1) goes to the operators */
  firstApprovalReminder: ["agent"],
  /** escalated drafts and timeout level 2 reach those who may decide any draft */
  approvalEscalations: MANAGERS,
  /** a live-failure alert reaches the supervisors unless recipients are configured */
  alertsByDefault: ["supervisor"],
  /** with no supervisor to reach, an alert goes to the owners and admins */
  alertsWithoutSupervisor: ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof PERMISSIONS;
/** A console area is a capability (kept as a name for the page and route guards). */
export type Area = Capability;

/** Whether `role` holds `capability`. */
export function canAccess(role: Role, capability: Capability): boolean {
  return (PERMISSIONS[capability] as readonly Role[]).includes(role);
}

/** The roles that hold `capability`. */
export function rolesWith(capability: Capability): readonly Role[] {
  return PERMISSIONS[capability];
}

/**
 * Refuses unless `actor` holds `capability`.
 * @param refusal the sentence shown, as a key of the error catalogue, e.g. "roles.manageChannels" ("Only owners and
 *   admins change channels.")
 * @throws UserError 403 with `refusal` in the caller's language (`lib/i18n/language-scope.ts`)
 */
export function requireCapability(actor: { role: Role }, capability: Capability, refusal: ErrorKey): void {
  if (!canAccess(actor.role, capability)) throw new UserError(say(refusal), 403);
}
