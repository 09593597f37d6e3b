import { AppError } from "../../../errors";
import { requireStripe } from "../../../stripe/ensure-stripe-customer";
import { adminProcedure } from "../../../trpc";
import { repairRunInput } from "./reconciliation.types";
import { repairWithAudit } from "./repair-with-audit";

/**
 * Repairs every mismatched line of a run that has no successful repair yet, one at a time
 * (Stripe allows one concurrent call per customer and meter). A failing line does not stop the
 * others; each outcome is returned and audited.
 */
export const repairAll = adminProcedure.input(repairRunInput).mutation(async ({ ctx, input }) => {
  const stripe = requireStripe(ctx.stripe);
  const run = await ctx.db.selectFrom("reconciliation_runs").select("id").where("id", "=", input.runId).executeTakeFirst();
  if (!run) throw new AppError("NOT_FOUND", "Reconciliation run not found.");
  const lines = await ctx.db
    .selectFrom("reconciliation_lines")
    .select("id")
    .where("run_id", "=", input.runId)
    .where("unexplained_value", "<>", 0)
    .where((eb) => eb.or([eb("repair_status", "is", null), eb("repair_status", "=", "failed")]))
    .orderBy("id")
    .execute();
  const outcomes = [];
  for (const line of lines) {
    try {
      const { result } = await repairWithAudit(ctx.db, stripe, ctx.admin.id, line.id);
      outcomes.push({ lineId: line.id, ...result });
    } catch (error) {
      outcomes.push({ lineId: line.id, action: "none" as const, status: "failed" as const, detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { runId: input.runId, attempted: lines.length, outcomes };
});
