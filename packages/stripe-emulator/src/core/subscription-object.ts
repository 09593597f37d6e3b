import { newId } from "./ids";
import { addInterval, type Interval } from "./periods";
import type { Price, Subscription, SubscriptionItem } from "./wire";
import { planOf } from "./plan";

export interface ItemSpec {
  price: Price;
  quantity: number | undefined;
  metadata: Record<string, string>;
}

export function buildItem(subId: string, spec: ItemSpec, now: number, period: { start: number; end: number }): SubscriptionItem {
  const item: SubscriptionItem = {
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: now,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: spec.metadata,
    plan: planOf(spec.price),
    price: spec.price,
    subscription: subId,
    tax_rates: [],
  };
  // Stripe leaves `quantity` out for metered items.
  if (spec.price.recurring?.usage_type !== "metered") item.quantity = spec.quantity ?? 1;
  return item;
}

export interface SubscriptionSpec {
  customer: string;
  items: ItemSpec[];
  metadata: Record<string, string>;
  description: string | null;
  defaultPaymentMethod: string | null;
  cancelAtPeriodEnd: boolean;
}

export function buildSubscription(spec: SubscriptionSpec, now: number): Subscription {
  const id = newId("sub", 24);
  const rec = spec.items[0]?.price.recurring;
  const period = { start: now, end: addInterval(now, (rec?.interval ?? "month") as Interval, rec?.interval_count ?? 1) };
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: spec.cancelAtPeriodEnd ? period.end : null,
    cancel_at_period_end: spec.cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: spec.items[0]?.price.currency ?? "usd",
    customer: spec.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: spec.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: spec.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: spec.items.map((item) => buildItem(id, item, now, period)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: spec.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}
