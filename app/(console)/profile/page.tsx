import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { countOtherSessions, listUserOrganizations } from "@/lib/auth/sessions";
import { ProfileForms } from "./profile-forms";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const member = await requireMember();
  const db = await getDb();
  const [otherSessions, orgs] = await Promise.all([
    countOtherSessions(db, { userId: member.userId, keepSessionId: member.sessionId }),
    listUserOrganizations(db, { userId: member.userId }),
  ]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Your profile</h1>
        <p className="text-sm text-gray-500">{member.name} · {member.email}</p>
      </div>
      <ProfileForms otherSessions={otherSessions} orgs={orgs} activeOrgId={member.orgId} />
    </div>
  );
}
