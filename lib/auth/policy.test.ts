/**
 * Issue 17 item 9: one permission map. The map itself is checked against the table below (a change to who may do
 * what must change both); every write in `lib/` is called by each role and must refuse exactly the roles the map
 * leaves out, with a 403, before anything is written; every JSON/CSV route is called over real HTTP by each role and
 * signed out (401 signed out, 403 for a role without the capability); every route file of the app is either in that
 * matrix or listed with what guards it instead; and no code outside the map compares the caller's role to a role name.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as agentsExport } from "@/app/api/agents/export/route";
import { GET as auditExport } from "@/app/api/audit/export/route";
import { GET as deliveriesExport } from "@/app/api/channels/[channelId]/deliveries/export/route";
import { PUT as trafficSplit } from "@/app/api/channels/[channelId]/traffic-split/route";
import { GET as conversationsExport } from "@/app/api/conversations/export/route";
import { GET as membersExport } from "@/app/api/members/export/route";
import { POST as pushSubscriptions } from "@/app/api/push/subscriptions/route";
import { GET as approvalsExport } from "@/app/api/reports/approvals/export/route";
import { GET as impactExport } from "@/app/api/reports/ai-agent-impact/export/route";
import { GET as alertOpen } from "@/app/alerts/[alertId]/open/route";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invitations } from "@/db/schema";
import { defaultAgentConfig } from "@/lib/agent/config-schema";
import { archiveAgent, createAgent, duplicateAgent, saveAgentConfig, setAgentPaused } from "@/lib/agent/manage-agents";
import { previewTurn } from "@/lib/agent/preview";
import { publishAgent, rollbackAgent } from "@/lib/agent/publish-agent";
import { saveAlertSettings } from "@/lib/alerts/alert-settings";
import { removeRecipient, saveRecipient } from "@/lib/alerts/manage-recipients";
import { createChannel } from "@/lib/channels/create-channel";
import { setOutboundReplyUrl } from "@/lib/channels/outbound-reply-url";
import { rotateChannelSecret } from "@/lib/channels/rotate-channel-secret";
import { renameChannel, setChannelArchived } from "@/lib/channels/update-channel";
import { saveChatwootLink, saveTriageRules } from "@/lib/chatwoot/link";
import { UserError } from "@/lib/errors/user-error";
import { saveCostAssumption } from "@/lib/impact/cost-assumption";
import { deleteArticle, importKnowledge, updateArticle } from "@/lib/knowledge/manage-knowledge";
import { changeMemberRole, setMemberStatus, updateAgentSettings } from "@/lib/members/change-member";
import { createInvitation, revokeInvitation } from "@/lib/members/invitations";
import { updateOrganizationSettings } from "@/lib/org/update-organization";
import { updatePlanAndFlags } from "@/lib/org/update-plan-and-flags";
import { retryFailedOutboxRow } from "@/lib/outbox/outbox-health";
import { endSnooze, snoozeSignal } from "@/lib/alerts/snooze-alerts";
import { saveTrafficSplit } from "@/lib/routing/traffic-split-config";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { signedIn, type TestSession } from "@/test/signed-in";
import { signInAs, userIdOf } from "@/test/members";
import type { Membership } from "./sessions";
import { canAccess, PERMISSIONS, ROLES, type Capability, type Role } from "./roles";

type Session = TestSession;
vi.mock("server-only", () => ({}));
vi.mock("@/app/_auth/auth", async () => (await import("@/test/signed-in")).authModule);

/** Who may do what — the reviewed statement of the map (o = owner, a = admin, s = supervisor, g = agent). */
const EXPECTED: Record<Capability, string> = {
  conversations: "oasg",
  approvals: "oasg",
  reports: "oas",
  monitoring: "oas",
  settings: "oas",
  settingsWrite: "oa",
  decideAnyApproval: "oas",
  actOnConversations: "oasg",
  actOnAnyConversation: "oas",
  registerPushDevices: "oasg",
  snoozeAlerts: "oas",
  changeOrganization: "oa",
  changePlan: "o",
  manageMembers: "oa",
  manageOwners: "o",
  manageChannels: "oa",
  changeTrafficSplit: "oa",
  manageAgents: "oa",
  manageKnowledge: "oa",
  configureAlerts: "oa",
  manageChatwoot: "oa",
  editImpactCosts: "oa",
  retryBackgroundWork: "oa",
  setOwnAvailability: "g",
  firstApprovalReminder: "g",
  approvalEscalations: "oas",
  alertsByDefault: "s",
  alertsWithoutSupervisor: "oa",
};
const LETTER: Record<Role, string> = { owner: "o", admin: "a", supervisor: "s", agent: "g" };

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
const members = new Map<Role, Membership>();
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  for (const role of ROLES) members.set(role, await signInAs(db, org, role));
  server = await serve(async (request) => {
    const role = request.headers.get("x-as") as Role | null;
    const member = role ? members.get(role) : undefined;
    const session: Session = member ? { user: { id: member.userId, sid: member.sessionId } } : null;
    const url = new URL(request.url);
    const channelId = url.pathname.split("/")[3] ?? "";
    return signedIn.run(session, () => ROUTES.find((r) => r.path(channelId) === url.pathname && r.method === request.method)!.handler(request, channelId));
  });
});
afterAll(() => server?.close());

describe("the map", () => {
  it("grants every capability to exactly the roles in the reviewed table", () => {
    const actual = Object.fromEntries(Object.keys(PERMISSIONS).map((c) => [c, ROLES.filter((r) => canAccess(r, c as Capability)).map((r) => LETTER[r]).join("")]));
    expect(actual).toEqual(EXPECTED);
  });

  it("no code outside it compares the caller's role to a role name", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !file.endsWith(path.join("lib", "auth", "roles.ts"))) {
          readFileSync(file, "utf8").split("\n").forEach((line, i) => {
            if (/\b(actor|member|actorRole|ctx\.actorRole|session)(\.role)?\s*[!=]==\s*["'](owner|admin|supervisor|agent)["']/.test(line)) offenders.push(`${file}:${i + 1}`);
            // a hand-written list of roles ("who is told", "who may") belongs in the map too; demo seeding picks actors, not rights
            if (/\[\s*["'](owner|admin|supervisor|agent)["']\s*,\s*["'](owner|admin|supervisor|agent)["']/.test(line) && !file.includes(`${path.sep}demo${path.sep}`)) offenders.push(`${file}:${i + 1}`);
          });
        }
      }
    };
    for (const dir of ["lib", "app", "components"]) walk(path.resolve(import.meta.dirname, "../..", dir));
    expect(offenders).toEqual([]);
  });
});

/** Every guarded write, called with input that is valid or at least gets past the role check for allowed roles. */
const WRITES: { name: string; capability: Capability; call: (actor: Membership) => Promise<unknown> }[] = [
  { name: "saveTrafficSplit", capability: "changeTrafficSplit", call: (actor) => saveTrafficSplit(db, { actor, channelId: org.channels[0]!.id, input: { enabled: true, bot_percent: 50 } }) },
  { name: "updatePlanAndFlags", capability: "changePlan", call: (actor) => updatePlanAndFlags(db, { actor, input: {}, managed: false }) },
  { name: "updateOrganizationSettings", capability: "changeOrganization", call: (actor) => updateOrganizationSettings(db, { actor, input: {} }) },
  { name: "createChannel", capability: "manageChannels", call: (actor) => createChannel(db, { actor, input: {} }) },
  { name: "saveChatwootLink", capability: "manageChatwoot", call: (actor) => saveChatwootLink(db, { actor, input: {} }) },
  { name: "saveTriageRules", capability: "manageChatwoot", call: (actor) => saveTriageRules(db, { actor, input: {} }) },
  { name: "updateAgentSettings", capability: "manageMembers", call: (actor) => updateAgentSettings(db, { actor, input: {} }) },
  { name: "changeMemberRole", capability: "manageMembers", call: async (actor) => changeMemberRole(db, { actor, input: { userId: await userIdOf(db, org, "supervisor"), role: "supervisor" } }) },
  { name: "setMemberStatus", capability: "manageMembers", call: async (actor) => setMemberStatus(db, { actor, input: { userId: await userIdOf(db, org, "supervisor"), status: "active" } }) },
  { name: "createInvitation (owner)", capability: "manageOwners", call: (actor) => createInvitation(db, { actor, input: { email: `new-owner-${randomUUID()}@example.com`, role: "owner" } }) },
  { name: "createInvitation (agent)", capability: "manageMembers", call: (actor) => createInvitation(db, { actor, input: { email: `new-agent-${randomUUID()}@example.com`, role: "agent" } }) },
  { name: "retryFailedOutboxRow", capability: "retryBackgroundWork", call: (actor) => retryFailedOutboxRow(db, { actor, id: randomUUID() }) },
  { name: "importKnowledge", capability: "manageKnowledge", call: (actor) => importKnowledge(db, { actor, filename: "x.md", content: "", options: {} }) },
  { name: "saveRecipient", capability: "configureAlerts", call: (actor) => saveRecipient(db, { actor, input: {} }) },
  { name: "saveAlertSettings", capability: "configureAlerts", call: (actor) => saveAlertSettings(db, { actor, input: {} }) },
  { name: "createAgent", capability: "manageAgents", call: (actor) => createAgent(db, { actor, config: defaultAgentConfig("en", `Policy ${randomUUID().slice(0, 6)}`) }) },
  { name: "snoozeSignal", capability: "snoozeAlerts", call: (actor) => snoozeSignal(db, { actor, input: {} }) },
  { name: "saveCostAssumption", capability: "editImpactCosts", call: (actor) => saveCostAssumption(db, { actor, input: {} }) },
  // ids that do not exist: a role that may act is answered 404 (or a bad-input error), one that may not, 403 first
  { name: "renameChannel", capability: "manageChannels", call: (actor) => renameChannel(db, { actor, input: { channelId: randomUUID(), name: "x" } }) },
  { name: "setChannelArchived", capability: "manageChannels", call: (actor) => setChannelArchived(db, { actor, input: { channelId: randomUUID(), archived: true } }) },
  { name: "rotateChannelSecret", capability: "manageChannels", call: (actor) => rotateChannelSecret(db, { actor, channelId: randomUUID() }) },
  { name: "setOutboundReplyUrl", capability: "manageChannels", call: (actor) => setOutboundReplyUrl(db, { actor, input: { channelId: randomUUID(), url: "" } }) },
  { name: "saveAgentConfig", capability: "manageAgents", call: (actor) => saveAgentConfig(db, { actor, agentId: randomUUID(), config: defaultAgentConfig("en", "Policy") }) },
  { name: "duplicateAgent", capability: "manageAgents", call: (actor) => duplicateAgent(db, { actor, agentId: randomUUID() }) },
  { name: "setAgentPaused", capability: "manageAgents", call: (actor) => setAgentPaused(db, { actor, agentId: randomUUID(), paused: true }) },
  { name: "archiveAgent", capability: "manageAgents", call: (actor) => archiveAgent(db, { actor, agentId: randomUUID() }) },
  { name: "publishAgent", capability: "manageAgents", call: (actor) => publishAgent(db, { actor, agentId: randomUUID() }) },
  { name: "rollbackAgent", capability: "manageAgents", call: (actor) => rollbackAgent(db, { actor, agentId: randomUUID(), versionId: randomUUID() }) },
  { name: "previewTurn", capability: "manageAgents", call: (actor) => previewTurn(db, { actor, config: {}, input: {} }) },
  { name: "updateArticle", capability: "manageKnowledge", call: (actor) => updateArticle(db, { actor, articleId: randomUUID(), input: {} }) },
  { name: "deleteArticle", capability: "manageKnowledge", call: (actor) => deleteArticle(db, { actor, articleId: randomUUID() }) },
  { name: "removeRecipient", capability: "configureAlerts", call: (actor) => removeRecipient(db, { actor, recipientId: randomUUID() }) },
  { name: "endSnooze", capability: "snoozeAlerts", call: (actor) => endSnooze(db, { actor, snoozeId: randomUUID() }) },
  {
    name: "revokeInvitation", capability: "manageMembers",
    // a real pending invitation (the owner's), so a role that may not revoke can't tell it apart from a missing one
    call: async (actor) => {
      const email = `revoke-${randomUUID()}@example.com`;
      await createInvitation(db, { actor: members.get("owner")!, input: { email, role: "agent" } });
      const [row] = await db.select({ id: invitations.id }).from(invitations).where(eq(invitations.email, email));
      return revokeInvitation(db, { actor, invitationId: row!.id });
    },
  },
];

/**
 * Writes that check a role but are not in the matrix above, each with why. Conversation actions are open to every
 * role (`actOnConversations`); who may act on whose conversation (`actOnAnyConversation`) is proven in
 * `lib/conversations/conversation-actions.test.ts`. The rest are the guards themselves (and `impactAccess`, the rule
 * `saveCostAssumption` applies).
 */
const NOT_IN_MATRIX = new Set([
  "takeOverConversation", "assignConversation", "handBackConversation", "resolveConversationAsHuman", "replyToConversation", "retryAgentReply",
  "lockConversationForAction", "requireMayAct", "assertChannelAdmin", "assertAgentWriter", "assertCanAssignRole", "assertCanChangeStatus",
  "impactAccess",
]);
/** What a role check in lib/ looks like. */
const GUARDS = /\b(requireCapability|assertChannelAdmin|assertAgentWriter|assertKnowledgeAdmin|assertAdmin|requireMayAct|assertCanAssignRole|assertCanChangeStatus)\(|canEditCost/;

/** The role refusal a write throws, or null when it did something else (succeeded, or refused the input). */
async function roleRefusal(call: () => Promise<unknown>): Promise<string | null> {
  try {
    await call();
    return null;
  } catch (error) {
    return error instanceof UserError && error.status === 403 ? error.message : null;
  }
}

describe("every write in lib/ × every role", () => {
  it("covers every exported function in lib/ that checks a role (a new write can't skip the matrix)", () => {
    const covered = new Set(WRITES.map((w) => w.name.split(" ")[0]));
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !file.endsWith(path.join("auth", "roles.ts"))) {
          // each exported function's text runs to the next top-level export
          const parts = readFileSync(file, "utf8").split(/\n(?=export )/);
          for (const part of parts) {
            const fn = /^export (?:async )?function (\w+)/.exec(part)?.[1];
            if (fn && GUARDS.test(part) && !covered.has(fn) && !NOT_IN_MATRIX.has(fn)) missing.push(`${path.relative(process.cwd(), file)} ${fn}`);
          }
        }
      }
    };
    walk(path.resolve(import.meta.dirname, ".."));
    expect(missing).toEqual([]);
  });

  for (const write of WRITES) {
    it(`${write.name}: refused (403) exactly for the roles without ${write.capability}`, async () => {
      const refused: Role[] = [];
      for (const role of ROLES) if (await roleRefusal(() => write.call(members.get(role)!))) refused.push(role);
      expect(refused).toEqual(ROLES.filter((r) => !canAccess(r, write.capability)));
    });
  }
});

type Route = {
  name: string; method: string; capability: Capability; path: (channelId: string) => string; handler: (request: Request, channelId: string) => Promise<Response>; body?: string;
  /** the route's file under app/ (the completeness check below matches it) */
  file: string;
  /** the answer to a role without the capability: 403, or 404 for a report that does not exist for that role */
  refused?: 403 | 404;
};
const ROUTES: Route[] = [
  { name: "agents CSV", file: "api/agents/export", method: "GET", capability: "settings", path: () => "/api/agents/export", handler: () => agentsExport() },
  { name: "audit CSV", file: "api/audit/export", method: "GET", capability: "settingsWrite", path: () => "/api/audit/export", handler: (r) => auditExport(r) },
  { name: "delivery log CSV", file: "api/channels/[channelId]/deliveries/export", method: "GET", capability: "settings", path: (c) => `/api/channels/${c}/deliveries/export`, handler: (r, c) => deliveriesExport(r, { params: Promise.resolve({ channelId: c }) }) },
  { name: "traffic split", file: "api/channels/[channelId]/traffic-split", method: "PUT", capability: "changeTrafficSplit", path: (c) => `/api/channels/${c}/traffic-split`, handler: (r, c) => trafficSplit(r, { params: Promise.resolve({ channelId: c }) }), body: JSON.stringify({ enabled: true, bot_percent: 40 }) },
  { name: "conversations CSV", file: "api/conversations/export", method: "GET", capability: "conversations", path: () => "/api/conversations/export", handler: (r) => conversationsExport(r) },
  { name: "members CSV", file: "api/members/export", method: "GET", capability: "settingsWrite", path: () => "/api/members/export", handler: () => membersExport() },
  { name: "push subscription", file: "api/push/subscriptions", method: "POST", capability: "registerPushDevices", path: () => "/api/push/subscriptions", handler: (r) => pushSubscriptions(r), body: JSON.stringify({ endpoint: `https://push.example.com/send/${randomUUID()}`, keys: { p256dh: "A".repeat(87), auth: "B".repeat(22) } }) },
  { name: "approvals report CSV", file: "api/reports/approvals/export", method: "GET", capability: "reports", path: () => "/api/reports/approvals/export", handler: (r) => approvalsExport(r), refused: 404 },
  { name: "AI agent impact CSV", file: "api/reports/ai-agent-impact/export", method: "GET", capability: "reports", path: () => "/api/reports/ai-agent-impact/export", handler: (r) => impactExport(r), refused: 404 },
];

/**
 * Routes outside the role matrix, each with what guards it instead and where that is tested. A route file added
 * without an entry here or in {@link ROUTES} fails "every route of the app is in the matrix".
 */
const OTHER_ROUTES: Record<string, { methods: string[]; guard: string }> = {
  "alerts/[alertId]/open": { methods: ["GET"], guard: "redirects by role (the test below)" },
  "api/auth/[...nextauth]": { methods: ["GET", "POST"], guard: "Auth.js itself: sign-in, CSRF (e2e/security-headers.spec.ts, login-throttle tests)" },
  "api/inngest": { methods: ["GET", "POST", "PUT"], guard: "Inngest's signing key; 404 without an engine (app/api/inngest/*.test.ts)" },
  "api/webhooks/chatwoot/[linkId]": { methods: ["POST"], guard: "the link's webhook signature (lib/chatwoot/webhook.test.ts, lib/chatwoot/fuzz.test.ts)" },
  "api/webhooks/conversation-events": { methods: ["POST"], guard: "the channel's Standard Webhooks signature (lib/ingest/*.test.ts, lib/ingest/fuzz.test.ts)" },
  "api/webhooks/incoming-message": { methods: ["POST"], guard: "the channel's Standard Webhooks signature (lib/ingest/*.test.ts, lib/ingest/fuzz.test.ts)" },
};

/** Every `route.ts` under app/ → the HTTP methods it exports. */
function appRoutes(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const appDir = path.resolve("app");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const m of source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1]!);
        for (const m of source.matchAll(/export const \{([^}]+)\}/g)) for (const name of m[1]!.split(",")) if (/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name.trim())) methods.add(name.trim());
        found.set(path.relative(appDir, dir).split(path.sep).filter((part) => !/^\(.*\)$/.test(part)).join("/"), [...methods].sort());
      }
    }
  };
  walk(appDir);
  return found;
}

describe("the route list", () => {
  it("every route of the app is in the matrix or says what guards it instead", () => {
    const listed = new Map<string, string[]>();
    for (const r of ROUTES) listed.set(r.file, [...(listed.get(r.file) ?? []), r.method].sort());
    for (const [file, { methods }] of Object.entries(OTHER_ROUTES)) listed.set(file, [...(listed.get(file) ?? []), ...methods].sort());
    const routes = appRoutes();
    expect(routes.size).toBeGreaterThanOrEqual(15);
    expect(Object.fromEntries(routes)).toEqual(Object.fromEntries(listed));
  });
});

describe("every route × every role, over HTTP", () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.name}: 401 signed out, ${route.refused ?? 403} exactly for the roles without ${route.capability}`, async () => {
      const channelId = org.channels[0]!.id;
      const statuses: Record<string, number> = {};
      for (const as of [...ROLES, null]) {
        const res = await fetch(`${server.url}${route.path(channelId)}`, { method: route.method, headers: { "content-type": "application/json", ...(as ? { "x-as": as } : {}) }, body: route.body });
        statuses[as ?? "signed-out"] = res.status;
      }
      expect(statuses["signed-out"]).toBe(401);
      for (const role of ROLES) {
        if (canAccess(role, route.capability)) expect(statuses[role], role).toBeLessThan(400);
        else expect(statuses[role], role).toBe(route.refused ?? 403);
      }
    });
  }
});

describe("GET /alerts/{id}/open (a push's link) by role", () => {
  /** Next's `redirect()` throws; its digest holds the target (`NEXT_REDIRECT;replace;/path;307;`). */
  const redirectOf = async (as: Role | null, alertId: string) => {
    const member = as ? members.get(as) : undefined;
    const session: Session = member ? { user: { id: member.userId, sid: member.sessionId } } : null;
    try {
      await signedIn.run(session, () => alertOpen(new Request(`http://tandem.test/alerts/${alertId}/open`), { params: Promise.resolve({ alertId }) }));
    } catch (error) {
      const digest = String((error as { digest?: string }).digest ?? "");
      if (digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2];
      throw error;
    }
    throw new Error("expected a redirect");
  };

  it("sends the signed out to sign in, roles without monitoring to their conversations, the others to the alert (or Monitoring when it isn't theirs)", async () => {
    const alertId = randomUUID();
    expect(await redirectOf(null, alertId)).toBe(`/login?callbackUrl=${encodeURIComponent(`/alerts/${alertId}/open`)}`);
    for (const role of ROLES) expect(await redirectOf(role, alertId), role).toBe(canAccess(role, "monitoring") ? "/monitoring" : "/conversations");
  });
});

describe("writes over HTTP refuse cross-site requests and oversized bodies (issue 17 item 8)", () => {
  const splitPath = () => `/api/channels/${org.channels[1]!.id}/traffic-split`;
  const put = (headers: Record<string, string>, body: string) =>
    fetch(`${server.url}${splitPath()}`, { method: "PUT", headers: { "content-type": "application/json", "x-as": "owner", ...headers }, body });

  it("another site's Origin (or an opaque null one) is a 403 and nothing changes; this site's Origin goes through", async () => {
    const before = await (await put({}, JSON.stringify({ enabled: true, bot_percent: 20 }))).json();
    expect(before).toEqual({ enabled: true, bot_percent: 20 });
    for (const origin of ["https://evil.example", "null", `${server.url}.evil.example`]) {
      const res = await put({ origin }, JSON.stringify({ enabled: true, bot_percent: 90 }));
      expect(res.status, origin).toBe(403);
      expect(await res.json()).toEqual({ error: "Cross-site request refused" });
    }
    expect((await put({ "sec-fetch-site": "cross-site" }, JSON.stringify({ enabled: true, bot_percent: 90 }))).status).toBe(403);
    const same = await put({ origin: server.url }, JSON.stringify({ enabled: true, bot_percent: 25 }));
    expect(await same.json()).toEqual({ enabled: true, bot_percent: 25 });
  });

  it("a body over the route's limit is a 413, whatever Content-Length claims", async () => {
    const huge = JSON.stringify({ enabled: true, bot_percent: 20, padding: "x".repeat(5000) });
    expect((await put({}, huge)).status).toBe(413);
    const push = await fetch(`${server.url}/api/push/subscriptions`, { method: "POST", headers: { "content-type": "application/json", "x-as": "supervisor" }, body: JSON.stringify({ endpoint: "https://push.example.com/send/x", padding: "y".repeat(9000) }) });
    expect(push.status).toBe(413);
    expect((await put({}, "{not json")).status).toBe(400);
  });
});
