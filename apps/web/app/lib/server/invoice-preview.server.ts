import { previewNextInvoice, type StripeClient } from "@meterkit/billing";
import type { Db, TokenClass } from "@meterkit/db";
import type Stripe from "stripe";
import { centsPerTokenToMicrosPerMtok } from "~/lib/money";

export interface InvoiceLine {
  kind: "base" | "tokens" | "other";
  label: string;
  model: string | null;
  tokenClass: TokenClass | null;
  /** Tokens for metered lines, 1 for the base fee. */
  quantity: number | null;
  /** The Stripe price of one million tokens of this line, in micros (metered lines only). */
  unitMicrosPerMtok: number | null;
  amountMicros: number;
}

export interface InvoicePreview {
  currency: string;
  periodStart: string;
  periodEnd: string;
  subtotalMicros: number;
  totalMicros: number;
  amountDueMicros: number;
  /** What the customer's Stripe balance changes the total by: negative for credits applied (admin-granted credits land there). */
  balanceAppliedMicros: number;
  lines: InvoiceLine[];
  /** Metered prices of the plan with no usage yet this period (left out of `lines`). */
  unusedMeteredLines: number;
}

const centsToMicros = (cents: number) => cents * 10_000;
const classLabel: Record<TokenClass, string> = { input: "input tokens", cached_input: "cached input tokens", output: "output tokens" };

function priceIdOf(line: Stripe.InvoiceLineItem): string | null {
  const price = line.pricing?.price_details?.price;
  return typeof price === "string" ? price : (price?.id ?? null);
}

/**
 * Stripe's preview of the customer's next invoice, each line labelled with what it bills: the
 * base fee, or a (model, token class) meter at its own price. Amounts and quantities are
 * Stripe's; the labels come from our price → meter mapping. Null without a subscription, or
 * after it was canceled.
 */
export async function invoicePreview(db: Db, stripe: StripeClient, customerId: string): Promise<InvoicePreview | null> {
  const customer = await db
    .selectFrom("customers")
    .select(["stripe_customer_id", "stripe_subscription_id"])
    .where("id", "=", customerId)
    .executeTakeFirstOrThrow();
  if (!customer.stripe_customer_id || !customer.stripe_subscription_id) return null;
  const invoice = await previewNextInvoice(stripe, customer.stripe_customer_id, customer.stripe_subscription_id);
  if (!invoice) return null;

  const priceIds = invoice.lines.data.flatMap((line) => priceIdOf(line) ?? []);
  const [metered, bases] = priceIds.length
    ? await Promise.all([
        db
          .selectFrom("plan_prices")
          .innerJoin("meters", "meters.id", "plan_prices.meter_id")
          .select(["plan_prices.stripe_price_id", "meters.model", "meters.token_class"])
          .where("plan_prices.stripe_price_id", "in", priceIds)
          .execute(),
        db.selectFrom("plans").select(["stripe_base_price_id", "name"]).where("stripe_base_price_id", "in", priceIds).execute(),
      ])
    : [[], []];
  const meterOf = new Map(metered.map((m) => [m.stripe_price_id, m]));
  const baseOf = new Map(bases.map((b) => [b.stripe_base_price_id, b.name]));

  const lines: InvoiceLine[] = [];
  let unusedMeteredLines = 0;
  for (const line of invoice.lines.data) {
    const priceId = priceIdOf(line);
    const meter = priceId ? meterOf.get(priceId) : undefined;
    const base = priceId ? baseOf.get(priceId) : undefined;
    if (meter && !line.quantity) {
      unusedMeteredLines++;
      continue;
    }
    lines.push({
      kind: meter ? "tokens" : base ? "base" : "other",
      label: meter ? `${meter.model} · ${classLabel[meter.token_class]}` : base ? `${base} · monthly base fee` : (line.description ?? "Other"),
      model: meter?.model ?? null,
      tokenClass: meter?.token_class ?? null,
      quantity: line.quantity,
      unitMicrosPerMtok: meter ? centsPerTokenToMicrosPerMtok(String(line.pricing?.unit_amount_decimal ?? "")) : null,
      amountMicros: centsToMicros(line.amount),
    });
  }
  // Base fee first, then each model's input, cached input and output next to each other.
  const kindOrder = { base: 0, tokens: 1, other: 2 } as const;
  const classOrder = { input: 0, cached_input: 1, output: 2 } as const;
  lines.sort(
    (a, b) =>
      kindOrder[a.kind] - kindOrder[b.kind] ||
      (a.model ?? "").localeCompare(b.model ?? "") ||
      (a.tokenClass ? classOrder[a.tokenClass] : 0) - (b.tokenClass ? classOrder[b.tokenClass] : 0),
  );
  return {
    currency: invoice.currency,
    periodStart: new Date(invoice.period_start * 1000).toISOString(),
    periodEnd: new Date(invoice.period_end * 1000).toISOString(),
    subtotalMicros: centsToMicros(invoice.subtotal),
    totalMicros: centsToMicros(invoice.total),
    amountDueMicros: centsToMicros(invoice.amount_due),
    balanceAppliedMicros: centsToMicros(invoice.amount_due - invoice.total),
    lines,
    unusedMeteredLines,
  };
}
