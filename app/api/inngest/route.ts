import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { inngestConfigured } from "@/lib/config/inngest-configured";

export const dynamic = "force-dynamic";

const served = serve({ client: inngest, functions });

/**
 * Without an Inngest engine (the embedded default: the in-process scheduler runs the jobs), there is nothing to serve:
 * a clear 404 for anyone who calls, instead of the SDK's 500 about a missing signing key (issue 17).
 */
function notConfigured(): Response {
  return Response.json({ error: "No Inngest engine is configured on this Tandem (INNGEST_DEV or INNGEST_EVENT_KEY)." }, { status: 404 });
}

type Handler = (request: Request, context: unknown) => Promise<Response>;
const guard = (handler: Handler): Handler => (request, context) => (inngestConfigured() ? handler(request, context) : Promise.resolve(notConfigured()));

export const GET = guard(served.GET as Handler);
export const POST = guard(served.POST as Handler);
export const PUT = guard(served.PUT as Handler);
