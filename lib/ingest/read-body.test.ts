/** Webhook bodies are read with a hard limit, also when a chunked upload declares no length (issue 7, webhook safety). */
import { describe, expect, it } from "vitest";
import { readBodyWithLimit, readBytesWithLimit } from "./read-body";

/** A POST whose body arrives in `chunks` with no Content-Length (as a chunked upload). */
function chunked(chunks: Uint8Array[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  return new Request("http://localhost/hook", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readBytesWithLimit", () => {
  it("returns the exact bytes, even ones that aren't valid UTF-8 (what a signature covers)", async () => {
    const bytes = Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(await readBytesWithLimit(chunked([bytes.slice(0, 2), bytes.slice(2)]), 10)).toEqual(Buffer.from(bytes));
  });

  it("gives up past the limit when no length is declared (chunked), and at a declared length above it", async () => {
    expect(await readBytesWithLimit(chunked([new Uint8Array(600), new Uint8Array(600)]), 1000)).toBeNull();
    expect(await readBytesWithLimit(chunked([new Uint8Array(500), new Uint8Array(500)]), 1000)).toHaveLength(1000);
    const declared = new Request("http://localhost/hook", { method: "POST", body: "x".repeat(10), headers: { "content-length": "5000" } });
    expect(await readBytesWithLimit(declared, 1000)).toBeNull();
  });

  it("reads text for the JSON webhooks", async () => {
    expect(await readBodyWithLimit(new Request("http://localhost/hook", { method: "POST", body: '{"a":"é"}' }), 100)).toBe('{"a":"é"}');
  });
});
