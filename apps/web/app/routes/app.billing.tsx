import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/**
 * Stripe Checkout's success URL (`/app/billing?checkout=success&session_id=…`, set by the billing
 * API) is confirmed at /app/checkout/return; /app/billing on its own is the plans page.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const sessionId = new URL(request.url).searchParams.get("session_id");
  return redirect(sessionId ? `/app/checkout/return?session_id=${encodeURIComponent(sessionId)}` : "/app/plans");
}
