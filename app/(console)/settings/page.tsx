import { redirect } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { settingsSections } from "./sections";

/** /settings opens the first section the member's role may use. */
export default async function SettingsIndex() {
  const member = await requireMember("settings");
  redirect(settingsSections(member.role)[0]!.href);
}
