/**
 * next-auth (Auth.js v5) with an email + password credentials provider and JWT sessions. The JWT carries only
 * the user id and a server-side session id (`user_sessions`); org, role and validity are read from the database
 * on every request (app/_auth/guard.ts). The secret comes from AUTH_SECRET, or a generated local secret.
 */
import { errorMessage } from "@/lib/errors/error-message";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { localSecret } from "@/lib/config/local-secret";
import { revokeSession, startSession } from "@/lib/auth/sessions";
import { attemptLogin } from "@/lib/auth/login-throttle";
import { clientAddress, countClientFailure, waitFor } from "@/lib/auth/attempt-limits";

declare module "next-auth" {
  interface Session {
    user: { id: string; sid: string } & DefaultSession["user"];
  }
  interface User {
    sid?: string;
  }
}

type TandemToken = { userId?: string; sid?: string };

/** A sign-in refused because the account is locked after too many wrong passwords (the login form says for how long). */
class LockedSignin extends CredentialsSignin {
  code = "locked";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET ?? localSecret("auth-secret"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  logger: {
    // a wrong password is an expected outcome, shown on the form; never log it (or anything about the attempt)
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      // the database's reason only: a failed query's message would carry its parameters (emails) (issue 17)
      console.error("[auth]", error.name, errorMessage(error.cause ?? error));
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const db = await getDb();
        // throttled per client address and per account (issue 17): a lock refuses even the right password until it ends
        const client = clientAddress(request.headers);
        if ((await waitFor(db, "client", client)) > 0) throw new LockedSignin();
        const attempt = await attemptLogin(db, credentials);
        if (!attempt.ok && attempt.reason === "invalid") {
          const email = typeof credentials?.email === "string" ? credentials.email.slice(0, 320) : undefined;
          await countClientFailure(db, client, { email });
        }
        if (!attempt.ok) throw attempt.reason === "locked" ? new LockedSignin() : new CredentialsSignin();
        const { user } = attempt;
        const sid = await startSession(db, { userId: user.userId, orgId: user.orgId, userAgent: request.headers.get("user-agent") });
        return { id: user.userId, name: user.name, email: user.email, sid };
      },
    }),
  ],
  events: {
    async signOut(message) {
      const token = "token" in message ? (message.token as TandemToken | null) : null;
      if (token?.sid) await revokeSession(await getDb(), { sessionId: token.sid });
    },
  },
  callbacks: {
    jwt({ token, user }) {
      const t = token as typeof token & TandemToken;
      if (user) {
        t.userId = user.id;
        t.sid = user.sid;
      }
      return t;
    },
    session({ session, token }) {
      const t = token as typeof token & TandemToken;
      if (t.userId && t.sid) {
        session.user.id = t.userId;
        session.user.sid = t.sid;
      }
      return session;
    },
  },
}));
