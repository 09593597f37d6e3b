import { newId } from "../core/ids";
import { getCustomer, getPrice, getSubscription } from "../core/lookup";
import { addInterval } from "../core/periods";
import { buildItem, buildSubscription, type ItemSpec, type SubscriptionSpec } from "../core/subscription-object";
import type { Subscription } from "../core/wire";
import type { RequestContext } from "../http/context";
import { cardDeclined, invalidParam, invalidRequest, missingParam } from "../http/errors";
import type { Params } from "../http/form";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optArray, optBool, optInt, optString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";
import { currentPeriod, issueInvoice } from "./invoices";

/** Test payment methods that behave like Stripe's test cards. */
const DECLINING_PAYMENT_METHODS = new Set(["pm_card_chargeDeclined", "pm_card_visa_chargeDeclined"]);

export function itemSpec(ctx: RequestContext, raw: Params, label: string): ItemSpec {
  const priceId = optString(raw, "price", `${label}[price]`);
  if (!priceId) throw missingParam(`${label}[price]`);
  const price = getPrice(ctx.state, priceId, `${label}[price]`);
  if (!price.recurring) throw invalidParam(`${label}[price]`, `The price ${price.id} is not recurring; subscriptions need recurring prices.`);
  if (!price.active) throw invalidParam(`${label}[price]`, `The price ${price.id} is not active.`);
  const quantity = optInt(raw, "quantity", `${label}[quantity]`);
  if (price.recurring.usage_type === "metered" && quantity !== undefined) {
    throw invalidParam(`${label}[quantity]`, `Quantity should not be specified where usage_type is \`metered\`. Remove quantity from \`${label}\`.`);
  }
  return { price, quantity, metadata: mergeMetadata({}, raw) };
}

function requireCompatible(items: ItemSpec[]): void {
  const first = items[0]?.price;
  for (const { price } of items) {
    if (price.currency !== first?.currency || price.recurring?.interval !== first.recurring?.interval || price.recurring?.interval_count !== first.recurring?.interval_count) {
      throw invalidParam("items", "All prices on a subscription must have the same currency and billing interval.");
    }
  }
}

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

function save(ctx: RequestContext, before: Subscription, after: Subscription, type: "customer.subscription.updated" | "customer.subscription.deleted"): Subscription {
  ctx.state.data.subscriptions[after.id] = after;
  ctx.state.changed();
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Subscription)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key];
  }
  emitFor(ctx, type, after, type === "customer.subscription.updated" ? previous : undefined);
  return after;
}

function update(ctx: RequestContext): Subscription {
  const p = ctx.params;
  allowOnly(p, ["items", "metadata", "description", "default_payment_method", "cancel_at_period_end", "proration_behavior", "payment_behavior"]);
  const before = getSubscription(ctx.state, ctx.route.id ?? "");
  if (before.status === "canceled") throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.", { code: "invalid_canceled_subscription_fields" });
  const after: Subscription = structuredClone(before);
  const period = currentPeriod(before);
  const now = ctx.state.now();
  (optArray(p, "items") ?? []).forEach((raw, i) => {
    const entry = raw as Params;
    const label = `items[${i}]`;
    const id = optString(entry, "id", `${label}[id]`);
    if (!id) {
      after.items.data.push(buildItem(after.id, itemSpec(ctx, entry, label), now, period));
      return;
    }
    const index = after.items.data.findIndex((x) => x.id === id);
    if (index === -1) throw invalidParam(`${label}[id]`, `No such subscription item: '${id}'`, "resource_missing");
    if (optBool(entry, "deleted", `${label}[deleted]`)) {
      after.items.data.splice(index, 1);
      return;
    }
    const current = after.items.data[index];
    if (!current) return;
    const spec = optString(entry, "price", `${label}[price]`)
      ? itemSpec(ctx, entry, label)
      : { price: current.price, quantity: optInt(entry, "quantity", `${label}[quantity]`) ?? current.quantity, metadata: mergeMetadata(current.metadata, entry) };
    after.items.data[index] = { ...buildItem(after.id, spec, current.created, period), id: current.id };
  });
  if (after.items.data.length === 0) throw invalidParam("items", "A subscription must keep at least one item.");
  const cancelAtEnd = optBool(p, "cancel_at_period_end");
  if (cancelAtEnd !== undefined) {
    after.cancel_at_period_end = cancelAtEnd;
    after.cancel_at = cancelAtEnd ? period.end : null;
  }
  after.metadata = mergeMetadata(before.metadata, p);
  after.description = optString(p, "description") ?? before.description;
  after.default_payment_method = optString(p, "default_payment_method") ?? before.default_payment_method;
  return save(ctx, before, after, "customer.subscription.updated");
}

export function cancelSubscription(ctx: RequestContext, sub: Subscription, reason: "cancellation_requested" | "payment_failed" = "cancellation_requested"): Subscription {
  if (sub.status === "canceled") throw invalidRequest(`The subscription ${sub.id} is already canceled.`);
  const now = ctx.state.now();
  const after: Subscription = {
    ...structuredClone(sub),
    status: "canceled",
    canceled_at: now,
    ended_at: now,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason },
  };
  return save(ctx, sub, after, "customer.subscription.deleted");
}

/** Ends the current period: bills its metered usage and the next licensed period, then rolls the dates. */
export function advanceSubscription(ctx: RequestContext, sub: Subscription): Subscription {
  if (sub.status === "canceled") throw invalidRequest(`The subscription ${sub.id} is canceled.`);
  const period = currentPeriod(sub);
  const next = { start: period.end, end: addInterval(period.end, period.interval, period.count) };
  if (sub.cancel_at_period_end) return cancelSubscription(ctx, sub);
  const invoice = issueInvoice(ctx, sub, { reason: "subscription_cycle", metered: period, licensed: next, paid: true });
  const after: Subscription = structuredClone(sub);
  for (const item of after.items.data) {
    item.current_period_start = next.start;
    item.current_period_end = next.end;
  }
  after.latest_invoice = invoice.id;
  return save(ctx, sub, after, "customer.subscription.updated");
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
    .add("POST", "/v1/subscriptions/:id", "v1", (ctx) => withExpand(ctx, update(ctx)))
    .add("DELETE", "/v1/subscriptions/:id", "v1", (ctx) => withExpand(ctx, cancelSubscription(ctx, getSubscription(ctx.state, ctx.route.id ?? ""))));
}
