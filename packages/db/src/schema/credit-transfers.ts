import type { Generated, Selectable } from "kysely";
import type { BigIntColumn, CreatedAt, DefaultedTimestamp, Id, Timestamp } from "./columns.js";

export const creditTransferStatuses = ["pending", "failed", "sent", "dead"] as const;
export type CreditTransferStatus = (typeof creditTransferStatuses)[number];

/**
 * Outbox row: one ledger credit to deliver as a Stripe customer balance transaction (migration
 * 0190). Written in the same transaction as the credit's ledger event; claimed with a lease like
 * meter_reports, and sent with an idempotency key derived from its id.
 */
export interface CreditTransfersTable {
  id: Id;
  /** The `credit` ledger event this transfer delivers; one transfer per event. */
  usage_event_id: string;
  customer_id: string;
  /** In the currency's smallest unit, Stripe's sign: negative is owed to the customer (a credit), positive is owed by them. */
  amount_cents: BigIntColumn;
  currency: string;
  description: string;
  /** Defaults to 'pending'. */
  status: Generated<CreditTransferStatus>;
  /** Defaults to 0. */
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: DefaultedTimestamp;
  claimed_until: Timestamp | null;
  claim_token: string | null;
  /** Stripe's `cbtxn_...` id, once delivered. */
  stripe_transaction_id: string | null;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

export type CreditTransfer = Selectable<CreditTransfersTable>;
