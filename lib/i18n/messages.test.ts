/**
 * The two catalogues agree (issue 19 item 1): the same keys, every message valid ICU, and each Indonesian message uses
 * exactly the arguments and tags of its English one — a missing `{count}` or `<b>` would show a raw key or drop a
 * number on screen.
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { errorMessagesFor } from "./error-messages";
import { messagesFor } from "./messages";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** Argument names (with their type) and tag names used anywhere in a message, sorted. */
function signature(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) found.add(`arg:${el.value}`);
      // plural/select arguments: English may pluralise where Indonesian states the number once ({count} peringatan)
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.add(`arg:${el.value}`);
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.tag) {
        found.add(`tag:${el.value}`);
        walk(el.children);
      }
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return [...found].sort();
}

// the pages' catalogue and the server-only sentences of lib/ (errors.*)
const en = flatten({ ...messagesFor("en"), errors: errorMessagesFor("en") } as unknown as Tree);
const id = flatten({ ...messagesFor("id"), errors: errorMessagesFor("id") } as unknown as Tree);

describe("message catalogues", () => {
  it("have the same keys in English and Bahasa Indonesia", () => {
    expect([...id.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(100);
  });

  it("are valid ICU messages with the same arguments and tags in both languages", () => {
    const mismatched: string[] = [];
    for (const [key, english] of en) {
      const indonesian = id.get(key);
      if (indonesian === undefined) continue; // reported by the test above
      const a = signature(english);
      const b = signature(indonesian);
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatched.push(`${key}: en ${a.join(",")} ≠ id ${b.join(",")}`);
    }
    expect(mismatched).toEqual([]);
  });

  it("never leave an Indonesian message empty or identical to a long English sentence", () => {
    const suspicious = [...en].filter(([key, english]) => {
      const indonesian = id.get(key) ?? "";
      return indonesian.trim() === "" || (english === indonesian && english.split(" ").length > 3);
    });
    expect(suspicious.map(([k]) => k)).toEqual([]);
  });
});
