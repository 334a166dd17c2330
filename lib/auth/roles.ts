/** Roles (DESIGN.md §Who uses it) and which console areas each may open. */
export const ROLES = ["owner", "admin", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const AREA_ROLES = {
  conversations: ["owner", "admin", "supervisor", "agent"],
  approvals: ["owner", "admin", "supervisor", "agent"],
  reports: ["owner", "admin", "supervisor"],
  /** live failure feed, alerts and push devices (003_…) */
  monitoring: ["owner", "admin", "supervisor"],
  /** supervisors see settings read-only; only owner/admin change them */
  settings: ["owner", "admin", "supervisor"],
  settingsWrite: ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREA_ROLES;

/** Whether `role` may use `area`. */
export function canAccess(role: Role, area: Area): boolean {
  return (AREA_ROLES[area] as readonly Role[]).includes(role);
}
