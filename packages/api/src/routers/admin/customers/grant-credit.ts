import { randomUUID } from "node:crypto";
import { recordAdjustment } from "@meterkit/billing";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { lockCustomer } from "./customer-snapshot";
import { grantCreditInput } from "./customers.types";

/**
 * Grants money back as a `credit` ledger event (negative cost, no tokens). The event and its
 * audit row are one transaction.
 */
export const grantCredit = adminProcedure.input(grantCreditInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, input.customerId);
    const requestId = `admin_credit_${input.idempotencyKey ?? randomUUID()}`;
    const event = await recordAdjustment(trx, {
      requestId,
      customerId: input.customerId,
      kind: "credit",
      costMicros: -input.amountMicros,
      note: input.note,
    });
    if (event.created) {
      await writeAudit(trx, ctx.admin.id, {
        action: "customer.grant_credit",
        targetType: "customer",
        targetId: input.customerId,
        before: null,
        after: { usageEventId: event.id, requestId, amountMicros: input.amountMicros, note: input.note },
      });
    }
    return { usageEventId: event.id, created: event.created, costMicros: event.costMicros };
  });
});
