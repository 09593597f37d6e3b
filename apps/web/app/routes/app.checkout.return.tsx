import { syncStripeCustomer } from "@meterkit/billing";
import { Alert, buttonClass } from "@meterkit/ui";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageBody } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { formatDate } from "~/lib/format";
import { requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { db } from "~/lib/server/db.server";
import { getStripe } from "~/lib/server/stripe.server";

export const meta: MetaFunction = () => [{ title: "Subscription · Meterkit" }];

/**
 * Where Stripe Checkout sends the customer back. The session id in the URL is only a hint: the
 * session is read from Stripe, must belong to this customer, and the subscription state comes
 * from the same syncStripeCustomer the webhook uses, so whichever arrives first wins and the
 * other changes nothing.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const stripe = getStripe();
  if (!stripe) throw data("Billing is not configured on this server.", { status: 503 });
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) throw data("This checkout link is incomplete.", { status: 400 });

  const session = await stripe.checkout.sessions.retrieve(sessionId).catch(() => null);
  const owner = session?.client_reference_id ?? session?.metadata?.meterkit_customer_id;
  if (!session || owner !== user.customerId) throw data("This checkout session does not exist, or it is not yours.", { status: 404 });
  const stripeCustomerId = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
  const url = new URL(request.url);
  if (session.status === "complete" && stripeCustomerId && !url.searchParams.has("synced")) {
    await syncStripeCustomer(db, stripe, stripeCustomerId);
    // The app's header was loaded alongside this loader, before the sync: load the page again so
    // the whole page shows the new subscription, not "Choose a plan" beside "You are subscribed".
    url.searchParams.set("synced", "1");
    throw redirect(`${url.pathname}${url.search}`);
  }

  const subscription = await callerFor(user, request, context.ip).account.getSubscription();
  return { complete: session.status === "complete", subscription };
}

export default function CheckoutReturn() {
  const { complete, subscription } = useLoaderData<typeof loader>();
  const active = subscription.canUseModels;
  return (
    <PageBody>
      <div className="mx-auto max-w-lg py-10 text-center">
        {active ? (
          <>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">You are subscribed to {subscription.plan?.name}</h1>
            <p className="mt-3 text-slate-600">
              Your subscription is {subscription.status}
              {subscription.currentPeriodEnd ? `; this billing period ends ${formatDate(subscription.currentPeriodEnd)}` : ""}. Usage is billed per token
              at the end of each period.
            </p>
            <div className="mt-8 flex justify-center gap-3">
              <Link to="/app/chat" className={buttonClass("primary")}>
                Start chatting
              </Link>
              <Link to="/app/keys" className={buttonClass("secondary")}>
                Create an API key
              </Link>
            </div>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{complete ? "Almost there" : "Payment not completed"}</h1>
            <Alert tone="warning" className="mt-6 text-left">
              {complete
                ? `Stripe reports the subscription as ${subscription.status}. It usually becomes active within a minute; reload this page.`
                : "The checkout was not finished, so nothing was charged."}
            </Alert>
            <Link to="/app/plans" className={buttonClass("secondary", "mt-8")}>
              Back to plans
            </Link>
          </>
        )}
      </div>
    </PageBody>
  );
}

export function ErrorBoundary() {
  return <RouteError what="your subscription" />;
}
