/**
 * The audit log's "Changes" column speaks the reader's language (issue 19 item 4): field names, on/off, roles and
 * AI-agent config values in plain words; nothing shown as a raw key.
 */
import { describe, expect, it } from "vitest";
import type { UiLanguage } from "@/lib/i18n/ui-language";
import { changeLabelsFor, describeChangesIn } from "@/components/audit-change-labels";

const labels = (language: UiLanguage) => changeLabelsFor(language, { "c-1": "WhatsApp Jakarta" });

const changes = {
  role: { from: "agent", to: "supervisor" },
  bot_percent: { from: 30, to: 50 },
  archived: { from: false, to: true },
  articles_added: { from: null, to: 4 },
  "routing.confidenceThreshold": { from: 0.4, to: 0.55 },
  "routing.channelIds": { from: [], to: ["c-1"] },
  some_new_field: { from: "a", to: "b" },
  draft_source: { from: null, to: "template" },
};

describe("describeChangesIn", () => {
  it("writes each change in English words", () => {
    expect(describeChangesIn(changes, labels("en"))).toBe(
      "Role: agent → supervisor; Bot share (%): 30 → 50; Archived: off → on; Articles added: — → 4; Confidence threshold: 40% → 55%; Channels: none → WhatsApp Jakarta; some new field: a → b; Draft source: — → built-in drafter",
    );
  });

  it("writes each change in Bahasa Indonesia", () => {
    expect(describeChangesIn(changes, labels("id"))).toBe(
      "Peran: agen → supervisor; Porsi bot (%): 30 → 50; Diarsipkan: nonaktif → aktif; Artikel ditambahkan: — → 4; Ambang batas tingkat keyakinan: 40% → 55%; Kanal: tidak ada → WhatsApp Jakarta; some new field: a → b; Sumber draf: — → penyusun bawaan",
    );
  });

  it("is empty when nothing was recorded", () => {
    expect(describeChangesIn({}, labels("id"))).toBe("");
  });
});
