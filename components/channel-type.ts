import type { Channel } from "@/db/schema";

/** Human names of channel types. */
export const CHANNEL_TYPE_LABEL: Record<Channel["type"], string> = {
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  email: "Email",
  live_chat: "Live chat",
  sms: "SMS",
  chatwoot: "Chatwoot",
  bot_preview: "Bot preview",
};
