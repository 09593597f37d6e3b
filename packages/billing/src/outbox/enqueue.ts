import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db";
import { reportIdentifier } from "./identifier";

export interface EnqueueOptions {
  customerId?: string;
  now?: Date;
  /** Apply each plan's flush policy (the worker); false enqueues everything (an immediate flush, tests). */
  respectFlushPolicy?: boolean;
  /** Immediate-plan events older than this are picked up by the worker in case the request's own flush died. */
  immediateGraceSeconds?: number;
  /** Max (event, meter) pairs per transaction, to bound lock time. */
  limit?: number;
  /**
   * Where to look for unreported events:
   * - "ledger" (the default): the whole ledger, in time that grows with it (5 s for a million
   *   events on a small machine), holding the enqueue lock that every immediate flush waits on;
   * - "recent": only what a tick or an immediate flush can be waiting for (see windowFilter), in
   *   time that grows with recent traffic only;
   * - "older": everything the tick's "recent" does not cover, for the worker's periodic sweep.
   *   It takes no enqueue lock: no tick or immediate flush looks at those events, so a long
   *   sweep keeps no flush (and no pooled connection of the app's) waiting.
   * "recent" and "older" together are the whole ledger (decision 060).
   */
  scan?: "recent" | "older" | "ledger";
}

/** An immediate flush looks for its customer's events that occurred this long ago at most. */
export const RECENT_CUSTOMER_EVENTS_MS = 24 * 60 * 60_000;

interface PendingItem {
  usage_event_id: string;
  customer_id: string;
  meter_id: string;
  value: string;
  bucket: Date;
  occurred_at: Date;
  /** Used before the customer's current billing period began (in the hour it began). */
  before_period: boolean;
}

/**
 * Turns unreported ledger events into outbox rows, in ONE transaction: per (customer, meter,
 * UTC hour of occurrence) one meter_reports row whose value is the sum of the billed tokens of
 * that meter's class, plus one meter_report_items row per (event, meter). The item row IS the
 * "reported" mark, and its primary key (usage_event_id, meter_id) makes a second marking
 * impossible. Events are locked FOR NO KEY UPDATE SKIP LOCKED so concurrent enqueuers split the
 * work. Not FOR UPDATE: that also conflicts with the KEY SHARE lock that a foreign key check
 * takes, so an event was skipped while a transaction referencing it was open, such as the chat
 * storing its assistant message (messages.usage_event_id) right when the immediate flush ran.
 * That flush then found nothing to send, and the event waited for the worker's grace period.
 * Grouping by hour keeps each report's Stripe timestamp inside the hour its tokens were used,
 * so hour-aligned reconciliation windows compare like with like; the hour a customer's billing
 * period begins is split at that moment, so each part is invoiced in its own period.
 */
export async function enqueueMeterReports(db: Db, options: EnqueueOptions = {}): Promise<{ reports: number; items: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => enqueueOnce(trx, options));
    } catch (error) {
      // A concurrent enqueuer committed items for rows our snapshot still saw as unreported; the
      // primary key stopped the double mark and rolled us back. Run again on fresh data.
      if ((error as { code?: string }).code === "23505" && attempt < 5) continue;
      throw error;
    }
  }
}

// Advisory lock keys for enqueuing: one shared/exclusive key for "all customers", one per customer.
export const ENQUEUE_LOCK = 7_310_001;

/**
 * Enqueuers are serialized per customer before they read: under READ COMMITTED the SELECT below
 * takes its snapshot after the lock, so it sees every item a previous holder committed. Without
 * this, two enqueuers could read the same event as unreported and one would roll back on the
 * primary key (correct, but wasted work that can repeat under load). A whole-ledger enqueue takes
 * the key exclusively; a single-customer one takes it shared plus that customer's own key.
 */
async function lockEnqueue(trx: Db, customerId: string | undefined): Promise<void> {
  if (!customerId) {
    await sql`SELECT pg_advisory_xact_lock(${ENQUEUE_LOCK}, 0)`.execute(trx);
    return;
  }
  await sql`SELECT pg_advisory_xact_lock_shared(${ENQUEUE_LOCK}, 0)`.execute(trx);
  await sql`SELECT pg_advisory_xact_lock(${ENQUEUE_LOCK + 1}, hashtext(${customerId}))`.execute(trx);
}

/** How long before a billing period ends a batched plan's events stop waiting for their batch. */
export const PERIOD_END_FLUSH_SECONDS = 15 * 60;

async function enqueueOnce(trx: Db, options: EnqueueOptions): Promise<{ reports: number; items: number }> {
  if (options.scan !== "older") await lockEnqueue(trx, options.customerId);
  const now = options.now ?? new Date();
  const grace = options.immediateGraceSeconds ?? 60;
  const customerFilter = options.customerId ? sql`AND e.customer_id = ${options.customerId}` : sql``;
  const policyFilter = options.respectFlushPolicy
    ? sql`AND (
        (p.flush_policy = 'immediate' AND e.created_at <= ${now}::timestamptz - make_interval(secs => ${grace}))
        OR (coalesce(p.flush_policy, 'batched') = 'batched' AND (
          -- An event that already waited a whole interval is due whatever was reported since: a
          -- batch that the limit cut off must not leave the rest of a customer's events waiting
          -- for the next interval, or a backlog larger than one batch would never drain.
          e.created_at <= ${now}::timestamptz - make_interval(secs => coalesce(p.flush_interval_seconds, 3600))
          -- At a period's end no batch waits: Stripe bills a period's usage only until its invoice
          -- is finalized (an hour after the end by default), and a report sent later, though
          -- stamped in that period, is on no invoice. So events are due from shortly before the
          -- end (or once it passed, when the renewal has not synced yet), and at once when they
          -- belong to a period that already ended.
          OR c.current_period_end <= ${now}::timestamptz + make_interval(secs => ${PERIOD_END_FLUSH_SECONDS})
          OR e.occurred_at < c.current_period_start
          OR NOT EXISTS (
            SELECT 1 FROM meter_reports r WHERE r.customer_id = e.customer_id
              AND r.created_at > ${now}::timestamptz - make_interval(secs => coalesce(p.flush_interval_seconds, 3600))))))`
    : sql``;

  const window = options.scan === "recent" || options.scan === "older" ? await windowFilter(trx, now, options.scan, options.customerId) : sql``;

  const { rows } = await sql<PendingItem>`
    SELECT e.id AS usage_event_id, e.customer_id, m.id AS meter_id, v.value,
           date_trunc('hour', e.occurred_at, 'UTC') AS bucket, e.occurred_at,
           coalesce(e.occurred_at < c.current_period_start, false) AS before_period
    FROM usage_events e
    JOIN customers c ON c.id = e.customer_id AND c.stripe_customer_id IS NOT NULL
    LEFT JOIN plans p ON p.id = c.plan_id
    JOIN meters m ON m.model = e.model AND m.stripe_meter_id IS NOT NULL
    CROSS JOIN LATERAL (SELECT CASE m.token_class
        WHEN 'input' THEN e.billed_input_tokens
        WHEN 'cached_input' THEN e.billed_cached_input_tokens
        ELSE e.billed_output_tokens END AS value) v
    WHERE e.kind IN ('usage', 'adjustment') AND v.value <> 0
      ${customerFilter}
      ${window}
      AND NOT EXISTS (SELECT 1 FROM meter_report_items i WHERE i.usage_event_id = e.id AND i.meter_id = m.id)
      ${policyFilter}
    ORDER BY e.created_at
    LIMIT ${options.limit ?? 20_000}
    FOR NO KEY UPDATE OF e SKIP LOCKED`.execute(trx);
  if (rows.length === 0) return { reports: 0, items: 0 };

  const groups = new Map<string, { id: string; customerId: string; meterId: string; value: bigint; timestamp: Date; items: PendingItem[] }>();
  for (const row of rows) {
    // A report is stamped with its latest use, and Stripe bills it in the period of that stamp:
    // the hour a billing period begins is split at its start, so no tokens move to the next invoice.
    const key = `${row.customer_id}|${row.meter_id}|${new Date(row.bucket).getTime()}|${row.before_period}`;
    let group = groups.get(key);
    if (!group) {
      group = { id: randomUUID(), customerId: row.customer_id, meterId: row.meter_id, value: 0n, timestamp: new Date(row.occurred_at), items: [] };
      groups.set(key, group);
    }
    group.value += BigInt(row.value);
    if (new Date(row.occurred_at) > group.timestamp) group.timestamp = new Date(row.occurred_at);
    group.items.push(row);
  }

  const reports = [...groups.values()].map((g) => ({
    id: g.id,
    identifier: reportIdentifier(g.id),
    customer_id: g.customerId,
    meter_id: g.meterId,
    value: g.value.toString(),
    // Corrections can net a group to zero (or below); Stripe has nothing to learn from a zero.
    status: g.value === 0n ? "discarded" : "pending",
    discard_reason: g.value === 0n ? "events net to zero" : null,
    event_timestamp: g.timestamp,
    next_attempt_at: now,
  }));
  for (const chunk of chunks(reports, 2_000)) {
    await sql`INSERT INTO meter_reports (id, identifier, customer_id, meter_id, value, status, discard_reason, event_timestamp, next_attempt_at, source)
      SELECT * , 'usage' FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS x(id uuid, identifier text, customer_id uuid, meter_id uuid, value bigint, status text, discard_reason text, event_timestamp timestamptz, next_attempt_at timestamptz)`.execute(trx);
  }
  const items = [...groups.values()].flatMap((g) => g.items.map((i) => ({ report_id: g.id, usage_event_id: i.usage_event_id, meter_id: i.meter_id, value: i.value })));
  for (const chunk of chunks(items, 5_000)) {
    await sql`INSERT INTO meter_report_items (report_id, usage_event_id, meter_id, value)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(report_id uuid, usage_event_id uuid, meter_id uuid, value bigint)`.execute(trx);
  }
  return { reports: reports.length, items: items.length };
}

/**
 * "Recent", by the index that makes it cheap:
 * - one customer (an immediate flush, right after its request was recorded): events that
 *   occurred in the last day, by the (customer_id, occurred_at) index, in this month's partition
 *   and maybe the last one. Older ones, such as an adjustment dated into a past period, are the
 *   tick's.
 * - every customer (the worker's tick): events recorded since `tickWindowStart`, by the
 *   created_at index (migration 0160).
 * "Older" is the rest of the ledger: recorded before `tickWindowStart`.
 */
async function windowFilter(trx: Db, now: Date, scan: "recent" | "older", customerId: string | undefined) {
  if (scan === "recent" && customerId) return sql`AND e.occurred_at >= ${new Date(now.getTime() - RECENT_CUSTOMER_EVENTS_MS)}::timestamptz`;
  const since = await tickWindowStart(trx, now);
  return scan === "recent" ? sql`AND e.created_at >= ${since}::timestamptz` : sql`AND e.created_at < ${since}::timestamptz`;
}

/**
 * Twice the longest flush interval of any plan, plus a day, before `now`: a batched plan's events
 * wait one interval for their report; the rest is margin for a worker that was down a while.
 * Read first and passed as a value, so the planner knows how few events are that recent and
 * probes the item index per event, instead of hashing every item ever written.
 */
async function tickWindowStart(trx: Db, now: Date): Promise<Date> {
  const { rows } = await sql<{ since: Date }>`
    SELECT ${now}::timestamptz - make_interval(secs => 2 * coalesce(max(flush_interval_seconds), 3600)) - interval '1 day' AS since
    FROM plans`.execute(trx);
  return rows[0]!.since;
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
