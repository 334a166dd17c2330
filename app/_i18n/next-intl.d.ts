import type { Messages } from "@/lib/i18n/messages";
import type { UiLanguage } from "@/lib/i18n/ui-language";

// next-intl checks every key and its arguments against the English catalogue at compile time
declare module "next-intl" {
  interface AppConfig {
    Locale: UiLanguage;
    Messages: Messages;
  }
}
