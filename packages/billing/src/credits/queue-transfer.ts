import type { Db } from "../db";

export const MICROS_PER_CENT = 10_000;

/**
 * Queues a ledger credit for Stripe, in the transaction that records it: the ledger event and its
 * transfer commit together or not at all, so no credit is in the ledger without reaching the
 * invoice. The currency is the plan's, as the subscription's invoices are.
 */
export async function queueCreditTransfer(
  trx: Db,
  credit: { usageEventId: string; customerId: string; planId: string | null; costMicros: number; note: string },
): Promise<void> {
  const plan = credit.planId ? await trx.selectFrom("plans").select("currency").where("id", "=", credit.planId).executeTakeFirst() : undefined;
  await trx
    .insertInto("credit_transfers")
    .values({
      usage_event_id: credit.usageEventId,
      customer_id: credit.customerId,
      amount_cents: credit.costMicros / MICROS_PER_CENT,
      currency: plan?.currency ?? "usd",
      description: credit.note.slice(0, 350) || "Credit",
    })
    .execute();
}
