import type { Channel } from "@/db/schema";

/**
 * Which channel types a person may create by hand (the agent editor's `bot_preview` is internal). Keyed by every
 * type, so a new type in the schema fails typecheck until it is placed here. Names come from `common.channelType`.
 */
const CREATABLE: Record<Channel["type"], boolean> = {
  whatsapp: true,
  telegram: true,
  email: true,
  live_chat: true,
  sms: true,
  chatwoot: true,
  bot_preview: false,
};

/** The channel types offered in the create-channel form, in display order. */
export const CREATABLE_CHANNEL_TYPES = (Object.keys(CREATABLE) as Channel["type"][]).filter((type) => CREATABLE[type]);
