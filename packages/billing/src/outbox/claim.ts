import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db";

export interface ClaimedReport {
  id: string;
  identifier: string;
  customer_id: string;
  meter_id: string;
  value: string;
  attempts: number;
  event_timestamp: Date;
  first_sent_at: Date;
  created_at: Date;
  event_name: string;
  stripe_meter_id: string;
  stripe_customer_id: string;
  claim_token: string;
}

export interface ClaimOptions {
  limit: number;
  customerId?: string;
  /** How long the claim lasts; must exceed the Stripe timeout so a live sender is never overtaken. */
  leaseSeconds?: number;
}

/**
 * Claims due reports in a SHORT transaction that only writes a lease (claimed_until + a fresh
 * claim_token) and commits before any Stripe call, so no row lock or transaction is held across
 * the network. Only the oldest unfinished report of each (customer, meter) is eligible (DISTINCT
 * ON), and it is eligible only while nobody holds its lease: a newer report of the same pair
 * cannot be claimed until the head is sent or dead. That gives Stripe's "one concurrent call per
 * customer per meter" and keeps each pair's reports in order, across any number of workers.
 * FOR UPDATE SKIP LOCKED lets concurrent claimers pass over each other's candidate rows.
 * A worker killed mid-send leaves a lease that simply expires; the next claimer resends with the
 * same identifier.
 */
export async function claimDueReports(db: Db, options: ClaimOptions): Promise<ClaimedReport[]> {
  const token = randomUUID();
  const lease = options.leaseSeconds ?? 60;
  const customerFilter = options.customerId ? sql`AND customer_id = ${options.customerId}` : sql``;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<ClaimedReport>`
      WITH heads AS (
        SELECT DISTINCT ON (customer_id, meter_id) id
        FROM meter_reports
        WHERE status IN ('pending', 'failed') ${customerFilter}
        ORDER BY customer_id, meter_id, created_at, id
      ), picked AS (
        SELECT r.id FROM meter_reports r JOIN heads h ON h.id = r.id
        WHERE r.status IN ('pending', 'failed')
          AND r.next_attempt_at <= now()
          AND (r.claimed_until IS NULL OR r.claimed_until < now())
        ORDER BY r.next_attempt_at
        LIMIT ${options.limit}
        FOR UPDATE OF r SKIP LOCKED
      )
      UPDATE meter_reports r
      SET claimed_until = now() + make_interval(secs => ${lease}),
          claim_token = ${token},
          first_sent_at = coalesce(r.first_sent_at, now())
      FROM picked, meters m, customers c
      WHERE r.id = picked.id AND m.id = r.meter_id AND c.id = r.customer_id
      RETURNING r.id, r.identifier, r.customer_id, r.meter_id, r.value, r.attempts, r.event_timestamp,
                r.first_sent_at, r.created_at, m.event_name, m.stripe_meter_id, c.stripe_customer_id, r.claim_token`.execute(trx);
    return rows;
  });
}
