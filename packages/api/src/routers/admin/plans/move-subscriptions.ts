import { flushCustomerNow } from "@meterkit/billing";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import type { Db } from "../../../context";
import { AppError } from "../../../errors";
import { idSchema } from "../../../lib/ids";
import { requireStripe } from "../../../stripe/ensure-stripe-customer";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";

export const moveSubscriptionsInput = z.object({ id: idSchema });

type Outcome = { customerId: string; subscriptionId: string; status: "moved" | "unchanged" | "failed"; detail: string };

/**
 * After a rate or base-fee change, moves every live subscription on the plan to the plan's
 * current Stripe prices, so Stripe invoices new usage at the same rate version the ledger costs
 * it with. Superseded metered items are replaced (with prorations: in Stripe's flexible billing
 * mode, the default for subscriptions created with this SDK's API version, the usage reported so
 * far is invoiced at the old price when its item is removed), and prices of newly added models
 * are attached. One subscription failing does not stop the others; each outcome is audited.
 */
export const moveSubscriptions = adminProcedure.input(moveSubscriptionsInput).mutation(async ({ ctx, input }) => {
  const stripe = requireStripe(ctx.stripe);
  const plan = await ctx.db.selectFrom("plans").select(["id", "stripe_product_id", "stripe_base_price_id"]).where("id", "=", input.id).executeTakeFirst();
  if (!plan) throw new AppError("NOT_FOUND", "Plan not found.");
  if (!plan.stripe_product_id || !plan.stripe_base_price_id) throw new AppError("PRECONDITION_FAILED", "The plan is not synced to Stripe yet; sync it first.");
  const target = await targetPrices(ctx.db, plan.id, plan.stripe_base_price_id);
  const customers = await ctx.db
    .selectFrom("customers")
    .select(["id", "stripe_subscription_id"])
    .where("plan_id", "=", plan.id)
    .where("stripe_subscription_id", "is not", null)
    .where("subscription_status", "not in", ["canceled", "none"])
    .orderBy("id")
    .execute();
  const outcomes: Outcome[] = [];
  for (const c of customers) {
    const subscriptionId = c.stripe_subscription_id ?? "";
    try {
      // Usage recorded before the move and still waiting for its batch goes out first, while the
      // old items are attached: the ledger costed it at the old rate, so Stripe must too.
      await flushCustomerNow(ctx.db, stripe, c.id);
      outcomes.push({ customerId: c.id, subscriptionId, ...(await moveOne(stripe, subscriptionId, plan.stripe_product_id, target)) });
    } catch (error) {
      outcomes.push({ customerId: c.id, subscriptionId, status: "failed", detail: error instanceof Error ? error.message : String(error) });
    }
  }
  const summary = {
    subscriptions: outcomes.length,
    moved: outcomes.filter((o) => o.status === "moved").length,
    unchanged: outcomes.filter((o) => o.status === "unchanged").length,
    failed: outcomes.filter((o) => o.status === "failed").length,
  };
  if (summary.moved || summary.failed) {
    await writeAudit(ctx.db, ctx.admin.id, { action: "plan.move_subscriptions", targetType: "plan", targetId: plan.id, before: null, after: { ...summary, outcomes } });
  }
  return { ...summary, outcomes };
});

interface TargetPrices {
  basePriceId: string;
  /** Every metered price id the plan ever had → whether it is the current one. */
  metered: Map<string, boolean>;
  activeMetered: string[];
}

async function targetPrices(db: Db, planId: string, basePriceId: string): Promise<TargetPrices> {
  const rows = await db.selectFrom("plan_prices").select(["stripe_price_id", "active"]).where("plan_id", "=", planId).execute();
  const metered = new Map<string, boolean>();
  for (const r of rows) if (r.stripe_price_id) metered.set(r.stripe_price_id, r.active);
  return { basePriceId, metered, activeMetered: [...metered].filter(([, active]) => active).map(([id]) => id) };
}

async function moveOne(stripe: Stripe, subscriptionId: string, productId: string, target: TargetPrices): Promise<Pick<Outcome, "status" | "detail">> {
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  const present = new Set(subscription.items.data.map((item) => item.price.id));
  const productOf = (price: Stripe.Price) => (typeof price.product === "string" ? price.product : price.product.id);
  const stale = subscription.items.data.filter((item) => {
    const known = target.metered.get(item.price.id);
    if (known !== undefined) return !known;
    // A licensed price of this plan's product that is not the current base price: an old base fee.
    return productOf(item.price) === productId && item.price.recurring?.usage_type !== "metered" && item.price.id !== target.basePriceId;
  });
  const missing = [target.basePriceId, ...target.activeMetered].filter((price) => !present.has(price));
  if (stale.length === 0 && missing.length === 0) return { status: "unchanged", detail: "Already on the current prices." };
  await stripe.subscriptions.update(
    subscriptionId,
    {
      items: [
        ...stale.map((item) => ({ id: item.id, deleted: true })),
        ...missing.map((price) => (price === target.basePriceId ? { price, quantity: 1 } : { price })),
      ],
      proration_behavior: "create_prorations",
    },
    // The same move (same items out, same prices in) is applied once, even if posted twice.
    { idempotencyKey: `mk_move_${subscriptionId}_${moveDigest(stale.map((i) => i.id), missing)}` },
  );
  return { status: "moved", detail: `Replaced ${stale.length} item${stale.length === 1 ? "" : "s"}, attached ${missing.length} price${missing.length === 1 ? "" : "s"}.` };
}

function moveDigest(removed: string[], added: string[]): string {
  return createHash("sha256").update(`${[...removed].sort().join(",")}|${[...added].sort().join(",")}`).digest("hex").slice(0, 32);
}
