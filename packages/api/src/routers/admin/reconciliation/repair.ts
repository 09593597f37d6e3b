import { AppError } from "../../../errors";
import { requireStripe } from "../../../stripe/ensure-stripe-customer";
import { adminProcedure } from "../../../trpc";
import { repairLineInput } from "./reconciliation.types";
import { repairWithAudit } from "./repair-with-audit";

export const repair = adminProcedure.input(repairLineInput).mutation(async ({ ctx, input }) => {
  const stripe = requireStripe(ctx.stripe);
  const exists = await ctx.db.selectFrom("reconciliation_lines").select("id").where("id", "=", input.lineId).executeTakeFirst();
  if (!exists) throw new AppError("NOT_FOUND", "Reconciliation line not found.");
  return repairWithAudit(ctx.db, stripe, ctx.admin.id, input.lineId);
});
