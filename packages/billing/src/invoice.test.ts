import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { recordUsage } from "./ledger/record-usage";
import { usageSummary } from "./ledger/usage-summary";
import { runReporterCycle } from "./outbox/cycle";
import { activePlanPriceIds } from "./plans/sync-plan";
import { useEmulator } from "./test/emulator";
import { MODEL, usage } from "./test/fixtures";
import { syncedCustomers } from "./test/synced";

const t = useTestDb();
const s = useEmulator();

describe("the invoice is a projection of the ledger", () => {
  it("shows input, cached input and output at their own prices, and the metered total equals the ledger's cost to the cent", async () => {
    // Asymmetric demo pricing: 0.15 / 0.075 / 0.60 USD per 1M tokens.
    const { planId, customers } = await syncedCustomers(t.db, s.stripe, 1, { rate: [150_000, 75_000, 600_000], baseFeeMicros: 10_000_000 });
    const customer = await t.db.selectFrom("customers").select(["id", "stripe_customer_id"]).where("id", "=", customers[0]!).executeTakeFirstOrThrow();
    const prices = await activePlanPriceIds(t.db, planId);
    const subscription = await s.stripe.subscriptions.create({
      customer: customer.stripe_customer_id!,
      items: [{ price: prices.basePriceId! }, ...prices.meteredPriceIds.map((price) => ({ price }))],
    });
    const start = new Date();

    // Demo data: chat turns of varied sizes, some with cached prompts and reasoning.
    for (let i = 0; i < 120; i++) {
      const prompt = 800 + ((i * 977) % 6_000);
      await recordUsage(t.db, usage(customer.id, {
        promptTokensSent: prompt,
        promptTokensEffective: prompt,
        cachedPromptTokens: i % 4 === 0 ? Math.floor(prompt / 2) : 0,
        completionTokens: 150 + ((i * 389) % 2_500),
        reasoningTokens: i % 5 === 0 ? 100 : 0,
      }));
    }
    await runReporterCycle(t.db, s.stripe, { customerId: customer.id });

    const preview = await s.stripe.invoices.createPreview({ customer: customer.stripe_customer_id!, subscription: subscription.id });
    const summary = await usageSummary(t.db, customer.id, { start, end: new Date(Date.now() + 60_000) });
    const model = summary.models.find((m) => m.model === MODEL)!;

    const planPrices = await t.db
      .selectFrom("plan_prices as p")
      .innerJoin("meters as m", "m.id", "p.meter_id")
      .select(["m.token_class", "p.stripe_price_id", "p.unit_amount_decimal"])
      .where("p.plan_id", "=", planId)
      .where("p.active", "=", true)
      .execute();
    const lineFor = (tokenClass: string) => {
      const price = planPrices.find((p) => p.token_class === tokenClass)!;
      const line = preview.lines.data.find((l) => l.pricing?.price_details?.price === price.stripe_price_id)!;
      return { line, price };
    };
    const input = lineFor("input");
    const cached = lineFor("cached_input");
    const output = lineFor("output");
    expect(input.line.quantity).toBe(model.inputTokens);
    expect(cached.line.quantity).toBe(model.cachedInputTokens);
    expect(output.line.quantity).toBe(model.outputTokens);
    expect(input.line.pricing?.unit_amount_decimal?.toString()).toBe("0.000015");
    expect(output.line.pricing?.unit_amount_decimal?.toString()).toBe("0.00006");

    const meteredCents = input.line.amount + cached.line.amount + output.line.amount;
    expect(meteredCents).toBe(Math.round(summary.usageMicros / 10_000));
    expect(summary.usageMicros).toBeGreaterThan(0);
  });
});
