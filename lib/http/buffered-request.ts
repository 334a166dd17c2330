/**
 * A request whose body was read with a size limit (issue 17 item 8: body limits on every route that reads one), for
 * handlers Tandem hands on to a library (Auth.js, the Inngest SDK) that would otherwise read any length: the stream
 * is cut at `maxBytes`, so an oversized body costs no more than the limit and the library never sees it.
 */
import { readBytesWithLimit } from "@/lib/ingest/read-body";

/** The answer to a body over the limit: 413 with a JSON reason. */
export function payloadTooLarge(maxBytes: number): Response {
  return Response.json({ error: `Body larger than ${maxBytes} bytes` }, { status: 413 });
}

/**
 * Reads `request`'s body (at most `maxBytes`) and returns an equivalent request holding those bytes.
 * @param rebuild makes the copy (e.g. `(url, init) => new NextRequest(url, init)` where the library needs Next's class)
 * @returns `{ request }` the copy (same method, URL and headers), or `{ response }` a 413 when the body — declared or
 *   actual — is over `maxBytes`
 */
export async function bufferedRequest<R extends Request = Request>(
  request: Request,
  maxBytes: number,
  rebuild: (url: string, init: RequestInit) => R = (url, init) => new Request(url, init) as R,
): Promise<{ request: R; response?: undefined } | { response: Response }> {
  const bytes = await readBytesWithLimit(request, maxBytes);
  if (bytes === null) return { response: payloadTooLarge(maxBytes) };
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return { request: rebuild(request.url, { method: request.method, headers: request.headers, body: hasBody ? new Uint8Array(bytes) : undefined }) };
}
