import { reconcile } from "@meterkit/billing";
import { requireStripe } from "../../../stripe/ensure-stripe-customer";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { runInput } from "./reconciliation.types";

/**
 * Compares ledger and Stripe per customer and meter for a period (default: this calendar month
 * up to now). It calls Stripe for every pair, so it cannot share one transaction with the audit
 * row; the row is written when the run ends, with its outcome, success or failure.
 */
export const run = adminProcedure.input(runInput).mutation(async ({ ctx, input }) => {
  const stripe = requireStripe(ctx.stripe);
  const now = new Date();
  const periodStart = input.periodStart ? new Date(input.periodStart) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const periodEnd = input.periodEnd ? new Date(input.periodEnd) : now;
  const request = { periodStart: periodStart.toISOString(), periodEnd: periodEnd.toISOString(), customerId: input.customerId ?? null };
  try {
    const result = await reconcile(ctx.db, stripe, { periodStart, periodEnd, triggeredBy: ctx.admin.id, customerId: input.customerId });
    const outcome = { runId: result.runId, lines: result.lines.length, mismatched: result.mismatched };
    await writeAudit(ctx.db, ctx.admin.id, { action: "reconciliation.run", targetType: "reconciliation_run", targetId: result.runId, before: request, after: outcome });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAudit(ctx.db, ctx.admin.id, { action: "reconciliation.run", targetType: "reconciliation_run", targetId: null, before: request, after: { error: message } });
    throw error;
  }
});
