import nodemailer from "nodemailer";
import type { Role } from "@/lib/auth/roles";
import { translatorFor } from "@/lib/i18n/translator";
import type { UiLanguage } from "@/lib/i18n/ui-language";

/**
 * Emails an invitation link through the SMTP server in `smtpUrl` (env `SMTP_URL`), in `language` — the organization's,
 * which the new member will read Tandem in (issue 19 item 1; catalogue `common.invite.email`). The link itself is
 * always shown to the admin too, since many installs have no mail server.
 * @throws the transport's error (connection refused, auth failure…); callers report it and keep the link
 */
export async function sendInvitationEmail({
  smtpUrl, from, to, orgName, inviterName, role, link, expiresAt, language = "en",
}: {
  smtpUrl: string; from: string; to: string; orgName: string; inviterName: string; role: Role; link: string; expiresAt: Date; language?: UiLanguage;
}): Promise<void> {
  const t = translatorFor(language, "common");
  const transport = nodemailer.createTransport(smtpUrl);
  const expires = expiresAt.toISOString().slice(0, 10);
  const values = { inviter: inviterName, org: orgName, role: t(`roles.${role}`), expires, link };
  await transport.sendMail({ from, to, subject: t("invite.email.subject", values), text: t("invite.email.body", values) });
}
