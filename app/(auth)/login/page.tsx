import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/app/_auth/auth";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const session = await auth();
  if (session?.user?.orgId) redirect("/conversations");
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-gray-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to Tandem</h1>
        <p className="mb-6 mt-1 text-sm text-gray-500">Your AI agent and your team, side by side.</p>
        <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
      </div>
    </main>
  );
}
