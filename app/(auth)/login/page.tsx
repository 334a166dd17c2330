import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentMember } from "@/app/_auth/guard";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common.login"))("metaTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; email?: string | string[]; joined?: string | string[] }> }) {
  if (await currentMember()) redirect("/conversations");
  const { callbackUrl, email, joined } = await searchParams;
  const t = await getTranslations("common.login");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-gray-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mb-6 mt-1 text-sm text-gray-500">{t("tagline")}</p>
        {joined === "1" ? <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t("joined")}</p> : null}
        <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} initialEmail={typeof email === "string" ? email.slice(0, 320) : undefined} />
      </div>
    </main>
  );
}
