import { randomUUID } from "node:crypto";
import { recordAdjustment } from "@meterkit/billing";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { lockCustomer } from "./customer-snapshot";
import { adjustUsageInput } from "./customers.types";

/**
 * Corrects billed tokens with an `adjustment` ledger event (signed counts, costed at the
 * customer's current rate). Unlike a credit it moves tokens, so it reaches Stripe's meters
 * through the outbox like any usage.
 */
export const adjustUsage = adminProcedure.input(adjustUsageInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, input.customerId);
    const requestId = `admin_adjust_${input.idempotencyKey ?? randomUUID()}`;
    const tokens = { input: input.inputTokens, cachedInput: input.cachedInputTokens, output: input.outputTokens };
    const event = await recordAdjustment(trx, {
      requestId,
      customerId: input.customerId,
      kind: "adjustment",
      model: input.model,
      tokens,
      note: input.note,
    });
    if (event.created) {
      await writeAudit(trx, ctx.admin.id, {
        action: "customer.adjust_usage",
        targetType: "customer",
        targetId: input.customerId,
        before: null,
        after: { usageEventId: event.id, requestId, model: input.model, tokens, costMicros: event.costMicros, note: input.note },
      });
    }
    return { usageEventId: event.id, created: event.created, costMicros: event.costMicros };
  });
});
