/**
 * A JSON request body read with a size limit (issue 17 item 8: body limits on every JSON route): the stream is cut
 * at `maxBytes`, so an oversized body costs no more than the limit.
 */
import { readBodyWithLimit } from "@/lib/ingest/read-body";
import { payloadTooLarge } from "./buffered-request";

/**
 * @returns `{ body }` with the parsed JSON, or `{ response }`: 413 over `maxBytes`, 400 when it is not JSON
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ body: unknown; response?: undefined } | { response: Response }> {
  const raw = await readBodyWithLimit(request, maxBytes);
  if (raw === null) return { response: payloadTooLarge(maxBytes) };
  try {
    // a UTF-8 byte order mark is not part of the JSON (as `request.json()` would read it)
    return { body: JSON.parse(raw.replace(/^\uFEFF/, "")) as unknown };
  } catch {
    return { response: Response.json({ error: "Body is not valid JSON" }, { status: 400 }) };
  }
}
