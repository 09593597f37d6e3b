import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/lib/server/db.server";
import { env } from "~/lib/server/env.server";
import { getStripe } from "~/lib/server/stripe.server";
import { handleStripeWebhook } from "~/lib/server/stripe-webhook.server";

// Stripe sends no Origin and no cookie: the signature is the authentication, so this route
// deliberately skips the same-origin check that every form post gets.
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
  return handleStripeWebhook({ db, stripe: getStripe(), secret: env.STRIPE_WEBHOOK_SECRET }, request);
}

export function loader() {
  return Response.json({ error: "Stripe posts events here; use POST." }, { status: 405, headers: { Allow: "POST" } });
}
