import type { CheckoutSession } from "../core/wire";
import { Reply, type RequestContext } from "../http/context";
import { ApiError } from "../http/errors";
import { optString } from "../http/params";
import { emitFor } from "../http/respond";
import type { Router } from "../http/router";
import { checkoutPage } from "../pages/checkout-page";
import { getSession, refreshExpiry } from "./checkout";
import { createCustomer } from "./customers";
import { createSubscription } from "./subscriptions";

/**
 * Completes a session the way a successful payment does: customer (when none was given),
 * subscription and first invoice, then `checkout.session.completed`.
 */
export function completeCheckout(ctx: RequestContext, session: CheckoutSession, email: string | undefined, name: string | undefined): CheckoutSession {
  const extras = ctx.state.data.checkoutExtras[session.id];
  const customerId =
    typeof session.customer === "string"
      ? session.customer
      : createCustomer(ctx, { email: email ?? session.customer_email ?? "", ...(name ? { name } : {}) }).id;
  const customer = ctx.state.data.customers[customerId];
  const sub = createSubscription(ctx, {
    customer: customerId,
    items: (extras?.lineItems ?? []).flatMap((li) => (li.price ? [{ price: li.price, quantity: li.quantity ?? undefined, metadata: {} }] : [])),
    metadata: extras?.subscriptionMetadata ?? {},
    description: extras?.subscriptionDescription ?? null,
    defaultPaymentMethod: null,
    cancelAtPeriodEnd: false,
  });
  const completed: CheckoutSession = {
    ...session,
    customer: customerId,
    customer_details: {
      address: null,
      business_name: null,
      email: customer?.email ?? null,
      individual_name: null,
      name: customer?.name ?? null,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    },
    invoice: typeof sub.latest_invoice === "string" ? sub.latest_invoice : null,
    payment_status: "paid",
    status: "complete",
    subscription: sub.id,
    url: null,
  };
  ctx.state.data.checkoutSessions[session.id] = completed;
  ctx.state.changed();
  emitFor(ctx, "checkout.session.completed", completed);
  return completed;
}

function show(ctx: RequestContext): Reply {
  const session = ctx.state.data.checkoutSessions[ctx.route.id ?? ""];
  if (!session) return Reply.html("<h1>No such checkout session</h1>", 404);
  const current = refreshExpiry(ctx, session);
  return Reply.html(checkoutPage(current, ctx.state.data.checkoutExtras[current.id]?.lineItems ?? []));
}

function pay(ctx: RequestContext): Reply {
  let session: CheckoutSession;
  try {
    session = refreshExpiry(ctx, getSession(ctx, ctx.route.id ?? ""));
  } catch {
    return Reply.html("<h1>No such checkout session</h1>", 404);
  }
  const items = ctx.state.data.checkoutExtras[session.id]?.lineItems ?? [];
  if (session.status !== "open") return Reply.html(checkoutPage(session, items), 409);
  const email = optString(ctx.params, "email")?.trim();
  if (!session.customer && !session.customer_email && !email) {
    return Reply.html(checkoutPage(session, items, "Enter an email address."), 400);
  }
  if (optString(ctx.params, "card") === "declined") {
    return Reply.html(checkoutPage(session, items, "Your card was declined. Try the other button."), 402);
  }
  try {
    const done = completeCheckout(ctx, session, email, optString(ctx.params, "name")?.trim() || undefined);
    return Reply.redirect((done.success_url ?? "/").replace(/\{CHECKOUT_SESSION_ID\}/g, done.id));
  } catch (err) {
    if (err instanceof ApiError) return Reply.html(checkoutPage(session, items, err.message), err.status);
    throw err;
  }
}

export function checkoutPageRoutes(router: Router): void {
  router.add("GET", "/checkout/:id", "local", show).add("POST", "/checkout/:id/pay", "local", pay);
}
