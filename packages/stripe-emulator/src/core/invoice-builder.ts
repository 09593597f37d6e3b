import { aggregate } from "./aggregate";
import { lineAmount } from "./decimal";
import { newId } from "./ids";
import type { EmulatorState } from "./state";
import type { InvoiceLineItem, Subscription, SubscriptionItem } from "./wire";

export interface Period {
  start: number;
  end: number;
}

export interface InvoicePlan {
  id?: string;
  reason: "subscription_create" | "subscription_cycle" | "upcoming";
  /** Licensed items are billed in advance for this period. */
  licensed?: Period;
  /** Metered items are billed in arrears: the meter aggregate over this period. */
  metered?: Period;
  paid: boolean;
}

function productName(state: EmulatorState, productId: string): string {
  return state.data.products[productId]?.name ?? productId;
}

function line(state: EmulatorState, sub: Subscription, item: SubscriptionItem, invoiceId: string, period: Period, quantity: number): InvoiceLineItem {
  const price = item.price;
  const unit = price.unit_amount_decimal ?? "0";
  const amount = lineAmount(quantity, unit);
  const product = typeof price.product === "string" ? price.product : price.product.id;
  const name = productName(state, product);
  const metered = price.recurring?.usage_type === "metered";
  return {
    id: newId("il", 24),
    object: "line_item",
    amount,
    currency: price.currency,
    description: metered ? `${quantity} × ${name} (metered, at ${unit}¢ / unit)` : `${quantity} × ${name}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: item.id,
      },
    },
    period: { start: period.start, end: period.end },
    pretax_credit_amounts: [],
    pricing: { type: "price_details", price_details: { price: price.id, product }, unit_amount_decimal: unit },
    quantity: Number.isInteger(quantity) ? quantity : null,
    quantity_decimal: String(quantity),
    subscription: sub.id,
    subtotal: amount,
    taxes: [],
  };
}

/** The invoice lines for a subscription: licensed items for one period, metered usage for another. */
export function invoiceLines(state: EmulatorState, sub: Subscription, invoiceId: string, plan: InvoicePlan): InvoiceLineItem[] {
  const customer = typeof sub.customer === "string" ? sub.customer : sub.customer.id;
  const lines: InvoiceLineItem[] = [];
  for (const item of sub.items.data) {
    const rec = item.price.recurring;
    if (rec?.usage_type === "metered") {
      const meter = rec.meter ? state.data.meters[rec.meter] : undefined;
      if (!plan.metered || !meter) continue;
      const quantity = aggregate(state, meter, customer, plan.metered.start, plan.metered.end);
      lines.push(line(state, sub, item, invoiceId, plan.metered, quantity));
    } else if (plan.licensed) {
      lines.push(line(state, sub, item, invoiceId, plan.licensed, item.quantity ?? 1));
    }
  }
  return lines;
}
