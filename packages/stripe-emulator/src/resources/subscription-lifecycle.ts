import { getSubscription } from "../core/lookup";
import { addInterval, type Interval } from "../core/periods";
import { buildItem } from "../core/subscription-object";
import type { Subscription } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest } from "../http/errors";
import type { Params } from "../http/form";
import { allowOnly, mergeMetadata, optArray, optBool, optInt, optString } from "../http/params";
import { emitFor } from "../http/respond";
import { currentPeriod, issueInvoice } from "./invoices";
import { itemSpec } from "./subscription-items";

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

export function updateSubscription(ctx: RequestContext): Subscription {
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

/**
 * The first period boundary after `after`, counted from the billing cycle anchor as Stripe counts
 * it: each end is the anchor plus whole intervals, clamped to a short month's last day. Counted
 * from the previous end instead, an anchor on the 31st drifted to the 28th after February for good.
 */
function nextPeriodEnd(anchor: number, after: number, interval: Interval, count: number): number {
  for (let k = 1; ; k++) {
    const end = addInterval(anchor, interval, k * count);
    if (end > after) return end;
  }
}

/** Ends the current period: bills its metered usage and the next licensed period, then rolls the dates. */
export function advanceSubscription(ctx: RequestContext, sub: Subscription): Subscription {
  if (sub.status === "canceled") throw invalidRequest(`The subscription ${sub.id} is canceled.`);
  const period = currentPeriod(sub);
  const next = { start: period.end, end: nextPeriodEnd(sub.billing_cycle_anchor ?? period.start, period.end, period.interval, period.count) };
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

/** Most periods one subscription is advanced by in one check, so a long-idle state file catches up in bounded steps. */
export const MAX_RENEWALS_PER_CHECK = 24;

/**
 * What Stripe does on its own when time passes a period end: every subscription that is not
 * canceled and whose current period has ended (by the emulator clock) is advanced one period at
 * a time until its period is current, with the invoices and events of `advanceSubscription`
 * (a `cancel_at_period_end` subscription is canceled instead). Returns the number of periods
 * ended. One subscription failing does not stop the others.
 */
export function renewDueSubscriptions(ctx: RequestContext, maxPeriods = MAX_RENEWALS_PER_CHECK): number {
  let ended = 0;
  for (const id of Object.keys(ctx.state.data.subscriptions)) {
    try {
      for (let i = 0; i < maxPeriods; i++) {
        const sub = ctx.state.data.subscriptions[id];
        if (!sub || sub.status === "canceled" || currentPeriod(sub).end > ctx.state.now()) break;
        const after = advanceSubscription(ctx, sub);
        ended++;
        // A subscription whose period cannot move (no items) would otherwise be invoiced maxPeriods times.
        if (after.status !== "canceled" && currentPeriod(after).end <= currentPeriod(sub).end) break;
      }
    } catch (err) {
      console.warn(`stripe-emulator: could not renew subscription ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return ended;
}
