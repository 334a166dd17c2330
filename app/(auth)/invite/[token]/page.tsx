import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { viewInvitation } from "@/lib/members/invitations";
import { AcceptInvitationForm } from "./accept-form";

export const metadata: Metadata = { title: "Join your team", robots: { index: false } };

const INVALID: Record<string, { title: string; body: string }> = {
  expired: { title: "This invitation has expired", body: "Invitations work for 7 days. Ask your admin to send a new one." },
  used: { title: "This invitation was already used", body: "Sign in with the email and password you chose." },
  revoked: { title: "This invitation was withdrawn", body: "Ask your admin for a new invitation." },
  unknown: { title: "This invitation link isn't valid", body: "Check that you copied the whole link, or ask your admin for a new one." },
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await viewInvitation(await getDb(), { token });
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-gray-200 bg-white p-8 shadow-sm">
        {invite.state === "valid" ? (
          <>
            <h1 className="text-xl font-semibold">Join {invite.orgName}</h1>
            <p className="mb-6 mt-1 text-sm text-gray-500">
              You&apos;re invited as <span className="font-medium capitalize text-gray-700">{invite.role}</span> with {invite.email}.
              {invite.hasAccount ? " You already have a Tandem account: confirm with its password." : " Choose your name and a password."}
            </p>
            <AcceptInvitationForm token={token} hasAccount={invite.hasAccount} email={invite.email} />
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">{INVALID[invite.state]!.title}</h1>
            <p className="mb-6 mt-2 text-sm text-gray-600">{INVALID[invite.state]!.body}</p>
            <Link href="/login" className="text-sm font-medium text-blue-700 hover:underline">Go to sign in</Link>
          </>
        )}
      </div>
    </main>
  );
}
