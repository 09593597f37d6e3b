import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db";
import { recordAdjustment } from "../ledger/record-adjustment";
import { reportIdentifier } from "../outbox/identifier";
import type { StripeClient } from "../stripe/client";
import type { RepairResult } from "./repair";
import type { PairKey, Window } from "./totals";

const CANCEL_WINDOW_MS = 24 * 3_600_000;

/**
 * Stripe holds `over` tokens more than the ledger. Stripe can only take events back with a
 * cancel adjustment, by identifier, within 24 h of the event. If a sent report of ours from the
 * last 24 h has exactly that value (a repair that crossed a late delivery, typically), it is
 * cancelled and marked discarded. Otherwise nothing in Stripe can be undone safely, so the
 * ledger records an adjustment of the over-reported tokens (explaining the invoice) together
 * with its outbox row already settled, so the adjustment is never sent again.
 */
export async function cancelOverReported(db: Db, stripe: StripeClient, pair: PairKey, lineId: string, window: Window, over: number): Promise<RepairResult> {
  const { rows } = await sql<{ id: string; identifier: string }>`
    SELECT id, identifier FROM meter_reports
    WHERE customer_id = ${pair.customerId} AND meter_id = ${pair.meterId} AND status = 'sent' AND value = ${over}
      AND sent_at > ${new Date(Date.now() - CANCEL_WINDOW_MS)}
      AND event_timestamp >= ${window.start} AND event_timestamp < ${window.end}
    ORDER BY (source = 'repair') DESC, sent_at DESC LIMIT 1`.execute(db);
  const match = rows[0];
  if (match) {
    try {
      await stripe.billing.meterEventAdjustments.create({ event_name: pair.eventName, type: "cancel", cancel: { identifier: match.identifier } });
      await sql`UPDATE meter_reports SET status = 'discarded', discard_reason = ${`cancelled in Stripe by reconciliation line ${lineId}`} WHERE id = ${match.id}`.execute(db);
      return { action: "cancel_events", status: "done", detail: `cancelled meter event ${match.identifier} (${over} tokens)` };
    } catch (error) {
      return { action: "cancel_events", status: "failed", detail: `cancel of ${match.identifier} failed: ${(error as Error).message}` };
    }
  }
  return recordOverAsAdjustment(db, pair, lineId, window, over);
}

async function recordOverAsAdjustment(db: Db, pair: PairKey, lineId: string, window: Window, over: number): Promise<RepairResult> {
  return db.transaction().execute(async (trx) => {
    const meter = await trx.selectFrom("meters").select(["model", "token_class"]).where("id", "=", pair.meterId).executeTakeFirstOrThrow();
    const tokens = meter.token_class === "input" ? { input: over } : meter.token_class === "cached_input" ? { cachedInput: over } : { output: over };
    const occurredAt = new Date(Math.min(window.end.getTime() - 1_000, Date.now()));
    const event = await recordAdjustment(trx, {
      requestId: `recon_${lineId}`,
      customerId: pair.customerId,
      kind: "adjustment",
      model: meter.model,
      tokens,
      note: `Stripe held ${over} ${meter.token_class} tokens more than the ledger and none could be cancelled; recorded so the ledger explains the invoice (reconciliation line ${lineId})`,
      occurredAt,
    });
    if (event.created) {
      const id = randomUUID();
      await sql`INSERT INTO meter_reports (id, identifier, customer_id, meter_id, value, status, discard_reason, next_attempt_at, event_timestamp, source, reconciliation_line_id)
        VALUES (${id}, ${reportIdentifier(id)}, ${pair.customerId}, ${pair.meterId}, ${over}, 'discarded', 'already counted in Stripe', now(), ${occurredAt}, 'repair', ${lineId})`.execute(trx);
      await sql`INSERT INTO meter_report_items (report_id, usage_event_id, meter_id, value) VALUES (${id}, ${event.id}, ${pair.meterId}, ${over})`.execute(trx);
    }
    return { action: "ledger_adjustment", status: "done", detail: `recorded adjustment ${event.id} of ${over} tokens (already in Stripe)` } satisfies RepairResult;
  });
}
