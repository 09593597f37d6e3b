import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db";
import { defaultBackoff, type BackoffPolicy } from "../outbox/backoff";
import { failedAttemptUpdate } from "../outbox/settle";
import { classifySendError } from "../outbox/classify-error";
import type { StripeClient } from "../stripe/client";

export interface ClaimedTransfer {
  id: string;
  usage_event_id: string;
  amount_cents: number;
  currency: string;
  description: string;
  attempts: number;
  created_at: Date;
  claim_token: string;
  stripe_customer_id: string;
}

export interface SendCreditsOptions {
  limit?: number;
  backoff?: Partial<BackoffPolicy>;
  /** How long a claim lasts; longer than the Stripe timeout so a live sender is never overtaken. */
  leaseSeconds?: number;
}

export interface SendCreditsResult {
  sent: number;
  retrying: number;
  dead: number;
}

/** Metadata key on the Stripe balance transaction that names its transfer, found again on a retry. */
export const TRANSFER_METADATA_KEY = "meterkit_credit_transfer";

/**
 * Delivers due credit transfers as Stripe customer balance transactions, exactly once:
 * - a short transaction claims rows with a lease, so no lock is held across the network and a
 *   worker killed mid-send leaves a lease that simply expires;
 * - every send carries an idempotency key derived from the transfer, so a retry within Stripe's
 *   idempotency window returns the first answer instead of a second credit;
 * - a retry first looks for the transaction among the customer's own (by metadata), which also
 *   covers a retry after that window (an operator's Retry of a dead transfer days later).
 * A customer with no Stripe customer yet is skipped until checkout makes one.
 */
export async function sendCreditTransfers(db: Db, stripe: StripeClient, options: SendCreditsOptions = {}, signal?: AbortSignal): Promise<SendCreditsResult> {
  const policy = { ...defaultBackoff, ...options.backoff };
  // A small batch under a long lease: rows are sent one after another, each up to the Stripe
  // timeout (and a lookup on a retry), and the lease must outlast the whole batch.
  const claimed = await claimDueTransfers(db, options.limit ?? 10, options.leaseSeconds ?? 300);
  const result: SendCreditsResult = { sent: 0, retrying: 0, dead: 0 };
  for (const [i, transfer] of claimed.entries()) {
    if (signal?.aborted) {
      // Shutting down: what was not sent is released now, not left to a lease minutes long.
      await releaseClaims(db, claimed.slice(i));
      break;
    }
    const outcome = await deliver(stripe, transfer);
    const status = await settle(db, transfer, outcome, policy);
    if (status === "sent") result.sent++;
    else if (status === "failed") result.retrying++;
    else if (status === "dead") result.dead++;
  }
  return result;
}

type Outcome = { kind: "sent"; transactionId: string } | { kind: "retry"; error: string } | { kind: "dead"; error: string };

async function deliver(stripe: StripeClient, transfer: ClaimedTransfer): Promise<Outcome> {
  try {
    if (transfer.attempts > 0) {
      const earlier = await findDelivered(stripe, transfer);
      if (earlier) return { kind: "sent", transactionId: earlier };
    }
    const created = await stripe.customers.createBalanceTransaction(
      transfer.stripe_customer_id,
      {
        amount: transfer.amount_cents,
        currency: transfer.currency,
        description: transfer.description,
        metadata: { [TRANSFER_METADATA_KEY]: transfer.id, meterkit_usage_event: transfer.usage_event_id },
      },
      { idempotencyKey: `meterkit-credit-${transfer.id}` },
    );
    return { kind: "sent", transactionId: created.id };
  } catch (error) {
    const outcome = classifySendError(error);
    return outcome.kind === "permanent" ? { kind: "dead", error: outcome.detail } : { kind: "retry", error: outcome.detail };
  }
}

/** The customer's balance transaction for this transfer, if an earlier attempt made it. Newest first, back to the transfer's creation. */
async function findDelivered(stripe: StripeClient, transfer: ClaimedTransfer): Promise<string | null> {
  // A day of slack for clocks: Stripe stamps `created` with its own.
  const oldest = Math.floor(transfer.created_at.getTime() / 1000) - 86_400;
  for await (const txn of stripe.customers.listBalanceTransactions(transfer.stripe_customer_id, { limit: 100 })) {
    if (txn.metadata?.[TRANSFER_METADATA_KEY] === transfer.id) return txn.id;
    if (txn.created < oldest) break;
  }
  return null;
}

async function claimDueTransfers(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedTransfer[]> {
  const token = randomUUID();
  const { rows } = await sql<ClaimedTransfer>`
    WITH picked AS (
      SELECT t.id FROM credit_transfers t JOIN customers c ON c.id = t.customer_id
      WHERE t.status IN ('pending', 'failed')
        AND t.next_attempt_at <= now()
        AND (t.claimed_until IS NULL OR t.claimed_until < now())
        AND c.stripe_customer_id IS NOT NULL
      ORDER BY t.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE credit_transfers t
    SET claimed_until = now() + make_interval(secs => ${leaseSeconds}), claim_token = ${token}
    FROM picked, customers c
    WHERE t.id = picked.id AND c.id = t.customer_id
    RETURNING t.id, t.usage_event_id, t.amount_cents, t.currency, t.description, t.attempts, t.created_at, t.claim_token, c.stripe_customer_id`.execute(db);
  return rows;
}

/** Writes the outcome, guarded by the claim token: a sender whose lease was overtaken changes nothing. */
async function settle(db: Db, transfer: ClaimedTransfer, outcome: Outcome, policy: BackoffPolicy): Promise<string | null> {
  const attempts = transfer.attempts + 1;
  const update =
    outcome.kind === "sent"
      ? sql`status = 'sent', sent_at = now(), stripe_transaction_id = ${outcome.transactionId}, attempts = ${attempts}, last_error = NULL, claimed_until = NULL`
      : failedAttemptUpdate(outcome, attempts, policy);
  const { rows } = await sql<{ status: string }>`
    UPDATE credit_transfers SET ${update}
    WHERE id = ${transfer.id} AND claim_token = ${transfer.claim_token} AND status IN ('pending', 'failed')
    RETURNING status`.execute(db);
  return rows[0]?.status ?? null;
}

/** Every row of one claim shares its token, so what is left of a batch is released in one statement. */
async function releaseClaims(db: Db, transfers: ClaimedTransfer[]): Promise<void> {
  const token = transfers[0]?.claim_token;
  if (!token) return;
  await db.updateTable("credit_transfers").set({ claimed_until: null }).where("claim_token", "=", token).where("status", "in", ["pending", "failed"]).execute();
}

/** An operator's Retry of a dead transfer: due again now, attempts kept (so the next send looks for an earlier delivery first). */
export async function retryCreditTransfer(db: Db, transferId: string): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable("credit_transfers")
    .set({ status: "failed", next_attempt_at: new Date(), last_error: null, claimed_until: null })
    .where("id", "=", transferId)
    .where("status", "=", "dead")
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}
