/**
 * Reads a request body as raw bytes, refusing to buffer more than `maxBytes` (a chunked upload declares no length).
 * @returns the bytes, or `null` when the body exceeds `maxBytes` (declared or actual)
 */
export async function readBytesWithLimit(request: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a request body as a UTF-8 string, refusing to buffer more than `maxBytes`.
 * @returns the body, or `null` when it exceeds `maxBytes` (declared or actual)
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<string | null> {
  return (await readBytesWithLimit(request, maxBytes))?.toString("utf8") ?? null;
}
