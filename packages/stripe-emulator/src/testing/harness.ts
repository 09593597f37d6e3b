import Stripe from "stripe";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "../emulator/start";
import { sdkOptionsFor } from "../sdk-options";

export const TEST_KEY = "sk_test_emulator_suite";

export interface Harness {
  emu: StripeEmulator;
  stripe: Stripe;
  /** A client with its own SDK settings (e.g. retries) against the same emulator. */
  client(config?: Stripe.StripeConfig, key?: string): Stripe;
  /** Calls an `/_emulator` control endpoint. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** An emulator on a free port and the official SDK pointed at it (no SDK retries unless asked). */
export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  const emu = await startStripeEmulator({ port: 0, ...options });
  const client = (config: Stripe.StripeConfig = {}, key = TEST_KEY) =>
    new Stripe(key, { ...sdkOptionsFor(emu.url), maxNetworkRetries: 0, telemetry: false, ...config });
  return {
    emu,
    stripe: client(),
    client,
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${emu.url}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as T;
    },
    close: () => emu.stop(),
  };
}

export interface MeteredPlan {
  customer: Stripe.Customer;
  product: Stripe.Product;
  meter: Stripe.Billing.Meter;
  basePrice: Stripe.Price;
  meteredPrice: Stripe.Price;
}

/** A customer and a plan like Meterkit syncs: base fee + one metered token price on a meter. */
export async function seedMeteredPlan(stripe: Stripe, eventName = `tokens_${Math.random().toString(36).slice(2, 8)}`): Promise<MeteredPlan> {
  const customer = await stripe.customers.create({ email: `${eventName}@example.com`, name: "Ada" });
  const product = await stripe.products.create({ name: "Starter" });
  const meter = await stripe.billing.meters.create({
    event_name: eventName,
    display_name: "Input tokens",
    default_aggregation: { formula: "sum" },
    customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
    value_settings: { event_payload_key: "value" },
  });
  const basePrice = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1900, recurring: { interval: "month" } });
  const meteredPrice = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount_decimal: Stripe.Decimal.from("0.000015"),
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
  });
  return { customer, product, meter, basePrice, meteredPrice };
}
