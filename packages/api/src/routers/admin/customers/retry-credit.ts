import { retryCreditTransfer } from "@meterkit/billing";
import { AppError } from "../../../errors";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { retryCreditInput } from "./customers.types";

/** Sends a dead credit transfer again (after the cause was fixed, e.g. the Stripe customer restored). */
export const retryCredit = adminProcedure.input(retryCreditInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    const transfer = await trx
      .selectFrom("credit_transfers")
      .select(["id", "status", "last_error"])
      .where("id", "=", input.transferId)
      .where("customer_id", "=", input.customerId)
      .executeTakeFirst();
    if (!transfer) throw new AppError("NOT_FOUND", "This customer has no such credit.");
    if (!(await retryCreditTransfer(trx, transfer.id))) {
      throw new AppError("CONFLICT", `Only a credit that could not be sent can be retried; this one is ${transfer.status}.`);
    }
    await writeAudit(trx, ctx.admin.id, {
      action: "customer.retry_credit",
      targetType: "customer",
      targetId: input.customerId,
      before: { transferId: transfer.id, status: transfer.status, lastError: transfer.last_error },
      after: { transferId: transfer.id, status: "failed", reason: input.reason },
    });
    return { transferId: transfer.id, status: "failed" as const };
  });
});
