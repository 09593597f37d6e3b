import { getPrice } from "../core/lookup";
import type { ItemSpec } from "../core/subscription-object";
import type { RequestContext } from "../http/context";
import { invalidParam, missingParam } from "../http/errors";
import type { Params } from "../http/form";
import { mergeMetadata, optInt, optString } from "../http/params";

/** Test payment methods that behave like Stripe's test cards. */
export const DECLINING_PAYMENT_METHODS = new Set(["pm_card_chargeDeclined", "pm_card_visa_chargeDeclined"]);

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

export function requireCompatible(items: ItemSpec[]): void {
  const first = items[0]?.price;
  for (const { price } of items) {
    if (price.currency !== first?.currency || price.recurring?.interval !== first.recurring?.interval || price.recurring?.interval_count !== first.recurring?.interval_count) {
      throw invalidParam("items", "All prices on a subscription must have the same currency and billing interval.");
    }
  }
}
