import { NextRequest } from "next/server";
import { handlers } from "@/app/_auth/auth";
import { bufferedRequest } from "@/lib/http/buffered-request";

/** The most Auth.js is given to read (bytes): its forms (sign-in, sign-out, CSRF) are well under 1 KB. */
const AUTH_BODY_LIMIT_BYTES = 16_384;

export const { GET } = handlers;

/** Auth.js's POST with the body cut at {@link AUTH_BODY_LIMIT_BYTES}: a longer one is a 413 before Auth.js reads it (issue 17 item 8). */
export async function POST(request: NextRequest): Promise<Response> {
  const buffered = await bufferedRequest(request, AUTH_BODY_LIMIT_BYTES, (url, init) => new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]));
  return buffered.response ?? handlers.POST(buffered.request);
}
