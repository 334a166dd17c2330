/**
 * next-auth (Auth.js v5) with an email + password credentials provider and JWT sessions that carry the user id,
 * org id and role. The secret comes from AUTH_SECRET, or a generated local secret in the embedded default.
 */
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { localSecret } from "@/lib/config/local-secret";
import type { Role } from "@/lib/auth/roles";
import { verifyCredentials } from "@/lib/auth/verify-credentials";

declare module "next-auth" {
  interface Session {
    user: { id: string; orgId: string; role: Role } & DefaultSession["user"];
  }
  interface User {
    orgId?: string;
    role?: Role;
  }
}

type TandemToken = { userId?: string; orgId?: string; role?: Role };

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET ?? localSecret("auth-secret"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  logger: {
    // a wrong password is an expected outcome, shown on the form; never log it (or anything about the attempt)
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error.name, error.message);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const user = await verifyCredentials(await getDb(), credentials);
        if (!user) throw new CredentialsSignin();
        return { id: user.userId, name: user.name, email: user.email, orgId: user.orgId, role: user.role };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      const t = token as typeof token & TandemToken;
      if (user) {
        t.userId = user.id;
        t.orgId = user.orgId;
        t.role = user.role;
      }
      return t;
    },
    session({ session, token }) {
      const t = token as typeof token & TandemToken;
      if (t.userId && t.orgId && t.role) {
        session.user.id = t.userId;
        session.user.orgId = t.orgId;
        session.user.role = t.role;
      }
      return session;
    },
  },
}));
