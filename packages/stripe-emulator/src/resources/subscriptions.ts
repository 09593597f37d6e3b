import { newId } from "../core/ids";
import { getCustomer, getSubscription } from "../core/lookup";
import { buildSubscription, type SubscriptionSpec } from "../core/subscription-object";
import type { Subscription } from "../core/wire";
import type { RequestContext } from "../http/context";
import { cardDeclined, missingParam } from "../http/errors";
import type { Params } from "../http/form";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optArray, optBool, optString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";
import { currentPeriod, issueInvoice } from "./invoices";
import { DECLINING_PAYMENT_METHODS, itemSpec, requireCompatible } from "./subscription-items";
import { cancelSubscription, updateSubscription } from "./subscription-lifecycle";

/** Creates an active subscription, emits `customer.subscription.created` and pays its first invoice. */
export function createSubscription(ctx: RequestContext, spec: SubscriptionSpec): Subscription {
  if (spec.items.length === 0) throw missingParam("items");
  requireCompatible(spec.items);
  if (spec.defaultPaymentMethod && DECLINING_PAYMENT_METHODS.has(spec.defaultPaymentMethod)) throw cardDeclined();
  const sub = buildSubscription(spec, ctx.state.now());
  // The first invoice's id is known up front so the `created` event already names it.
  const invoiceId = newId("in", 24);
  sub.latest_invoice = invoiceId;
  ctx.state.data.subscriptions[sub.id] = sub;
  ctx.state.changed();
  emitFor(ctx, "customer.subscription.created", sub);
  issueInvoice(ctx, sub, { id: invoiceId, reason: "subscription_create", licensed: currentPeriod(sub), paid: true });
  return sub;
}

function create(ctx: RequestContext): Subscription {
  const p = ctx.params;
  allowOnly(p, ["customer", "items", "metadata", "description", "default_payment_method", "cancel_at_period_end", "payment_behavior", "proration_behavior", "collection_method"]);
  const customer = getCustomer(ctx.state, optString(p, "customer") ?? "").id;
  const items = (optArray(p, "items") ?? []).map((raw, i) => itemSpec(ctx, raw as Params, `items[${i}]`));
  return createSubscription(ctx, {
    customer,
    items,
    metadata: mergeMetadata({}, p),
    description: optString(p, "description") ?? null,
    defaultPaymentMethod: optString(p, "default_payment_method") ?? null,
    cancelAtPeriodEnd: optBool(p, "cancel_at_period_end") ?? false,
  });
}

function list(ctx: RequestContext) {
  const customer = optString(ctx.params, "customer");
  const status = optString(ctx.params, "status");
  const price = optString(ctx.params, "price");
  const all = newestFirst(Object.values(ctx.state.data.subscriptions)).filter(
    (s) =>
      (!customer || s.customer === customer) &&
      (status === "all" || (status ? s.status === status : s.status !== "canceled")) &&
      (!price || s.items.data.some((i) => i.price.id === price)),
  );
  return withExpand(ctx, paginate(all, ctx.params, "/v1/subscriptions"));
}

export function subscriptionRoutes(router: Router): void {
  router
    .add("POST", "/v1/subscriptions", "v1", (ctx) => withExpand(ctx, create(ctx)))
    .add("GET", "/v1/subscriptions", "v1", list)
    .add("GET", "/v1/subscriptions/:id", "v1", (ctx) => withExpand(ctx, getSubscription(ctx.state, ctx.route.id ?? "")))
    .add("POST", "/v1/subscriptions/:id", "v1", (ctx) => withExpand(ctx, updateSubscription(ctx)))
    .add("DELETE", "/v1/subscriptions/:id", "v1", (ctx) => withExpand(ctx, cancelSubscription(ctx, getSubscription(ctx.state, ctx.route.id ?? ""))));
}
