import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { viewInvitation } from "@/lib/members/invitations";
import { AcceptInvitationForm } from "./accept-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common.invite"))("metaTitle"), robots: { index: false } };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await viewInvitation(await getDb(), { token });
  const t = await getTranslations("common");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-gray-200 bg-white p-8 shadow-sm">
        {invite.state === "valid" ? (
          <>
            <h1 className="text-xl font-semibold">{t("invite.join", { org: invite.orgName })}</h1>
            <p className="mb-6 mt-1 text-sm text-gray-500">
              {t.rich("invite.invitedAs", { role: t(`roles.${invite.role}`), email: invite.email, b: (chunks) => <span className="font-medium capitalize text-gray-700">{chunks}</span> })}
              {" "}{invite.hasAccount ? t("invite.hasAccount") : t("invite.newAccount")}
            </p>
            <AcceptInvitationForm token={token} hasAccount={invite.hasAccount} email={invite.email} />
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">{t(`invite.${invite.state}Title`)}</h1>
            <p className="mb-6 mt-2 text-sm text-gray-600">{t(`invite.${invite.state}Body`)}</p>
            <Link href="/login" className="text-sm font-medium text-blue-700 hover:underline">{t("invite.goToSignIn")}</Link>
          </>
        )}
      </div>
    </main>
  );
}
