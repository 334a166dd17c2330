import nodemailer from "nodemailer";
import type { Role } from "@/lib/auth/roles";

/**
 * Emails an invitation link through the SMTP server in `smtpUrl` (env `SMTP_URL`). The link itself is always
 * shown to the admin too, since many installs have no mail server.
 * @throws the transport's error (connection refused, auth failure…); callers report it and keep the link
 */
export async function sendInvitationEmail({
  smtpUrl, from, to, orgName, inviterName, role, link, expiresAt,
}: {
  smtpUrl: string; from: string; to: string; orgName: string; inviterName: string; role: Role; link: string; expiresAt: Date;
}): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl);
  const expires = expiresAt.toISOString().slice(0, 10);
  await transport.sendMail({
    from,
    to,
    subject: `${inviterName} invited you to ${orgName} on Tandem`,
    text: `${inviterName} invited you to join ${orgName} on Tandem as ${role}.\n\nSet your password here (the link works once, until ${expires}):\n${link}\n`,
  });
}
