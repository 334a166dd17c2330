import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { bufferedRequest } from "@/lib/http/buffered-request";

export const dynamic = "force-dynamic";

const served = serve({ client: inngest, functions });

/**
 * The most the SDK is given to read (bytes): Inngest's own ceiling on a function run's state (32 MB: event data and
 * every step's output, https://www.inngest.com/docs/usage-limits/inngest), so no call Inngest can make is refused,
 * and a longer body is a 413 before the SDK buffers it (issue 17 item 8).
 */
const INNGEST_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Without an Inngest engine (the embedded default: the in-process scheduler runs the jobs), there is nothing to serve:
 * a clear 404 for anyone who calls, instead of the SDK's 500 about a missing signing key (issue 17).
 */
function notConfigured(): Response {
  return Response.json({ error: "No Inngest engine is configured on this Tandem (INNGEST_DEV or INNGEST_EVENT_KEY)." }, { status: 404 });
}

type Handler = (request: Request, context: unknown) => Promise<Response>;
const guard = (handler: Handler): Handler => async (request, context) => {
  if (!inngestConfigured()) return notConfigured();
  const buffered = await bufferedRequest(request, INNGEST_BODY_LIMIT_BYTES);
  return buffered.response ?? handler(buffered.request, context);
};

export const GET = guard(served.GET as Handler);
export const POST = guard(served.POST as Handler);
export const PUT = guard(served.PUT as Handler);
