import { syncPlanToStripe } from "@meterkit/billing";
import type { Context } from "../../../context";
import type { StripeSyncOutcome } from "./plans.types";

/**
 * Mirrors a saved plan into Stripe. Runs after the database commit (never inside a transaction:
 * a slow Stripe call must not hold locks) and reports failure instead of throwing, because the
 * plan change itself is saved; the admin can retry with `admin.plans.sync`.
 */
export async function syncToStripe(ctx: Context, planId: string): Promise<StripeSyncOutcome> {
  if (!ctx.stripe) return { status: "skipped", reason: "No Stripe client is configured." };
  try {
    const result = await syncPlanToStripe(ctx.db, ctx.stripe, planId);
    return { status: "synced", changes: result.changes };
  } catch (error) {
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
