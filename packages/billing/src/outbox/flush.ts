import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import { defaultBackoff, type BackoffPolicy } from "./backoff";
import { claimDueReports, type ClaimedReport } from "./claim";
import { checkDelivered, DEDUPE_TRUST_MS } from "./delivery-check";
import { sendReportV1 } from "./send-v1";
import { sendReportsV2 } from "./send-v2";
import { settleReport, type Settlement } from "./settle";

export interface FlushOptions {
  /** Max reports claimed in this pass. */
  limit?: number;
  customerId?: string;
  /** true: always the v2 stream; "auto": the stream once a pass has at least `v2Threshold` reports. */
  useV2Stream?: boolean | "auto";
  v2Threshold?: number;
  /** Parallel v1 calls; each is for a different (customer, meter), as Stripe requires. */
  concurrency?: number;
  backoff?: Partial<BackoffPolicy>;
  leaseSeconds?: number;
}

export interface FlushResult {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
  /** Settled by the 23 h check without a new call. */
  confirmedFromSummaries: number;
  /** The report was finished by someone else after our lease ran out. */
  lostLease: number;
  viaV2: boolean;
}

/**
 * One reporter pass: claim (short transaction), call Stripe outside any transaction, settle
 * each report. Safe to run in any number of processes at once and to kill at any instruction:
 * the worst case is a resend of the same identifier, which Stripe deduplicates.
 */
export async function flushMeterReports(db: Db, stripe: StripeClient, options: FlushOptions = {}): Promise<FlushResult> {
  const policy = { ...defaultBackoff, ...options.backoff };
  const claimed = await claimDueReports(db, { limit: options.limit ?? 500, customerId: options.customerId, leaseSeconds: options.leaseSeconds });
  const result: FlushResult = { claimed: claimed.length, sent: 0, retrying: 0, dead: 0, confirmedFromSummaries: 0, lostLease: 0, viaV2: false };
  if (claimed.length === 0) return result;

  const toSend: ClaimedReport[] = [];
  for (const report of claimed) {
    const firstSent = new Date(report.first_sent_at).getTime();
    // first_sent_at is written at the first claim, before any call: an old one means an earlier
    // send may have reached Stripe even if no outcome was ever recorded (attempts can still be 0).
    if (Date.now() - firstSent > DEDUPE_TRUST_MS) {
      const verdict = await checkDelivered(db, stripe, report).catch(() => "unknown" as const);
      if (verdict === "delivered") {
        await tally(db, report, { kind: "sent", note: "confirmed from meter event summaries after the dedupe window" }, policy, result);
        result.confirmedFromSummaries++;
        continue;
      }
      if (verdict === "ambiguous") {
        await tally(db, report, { kind: "dead", error: "Stripe's summary does not match after the dedupe window; resolve with reconciliation" }, policy, result);
        continue;
      }
      if (verdict === "unknown") {
        await tally(db, report, { kind: "retry", error: "could not read meter event summaries" }, policy, result);
        continue;
      }
    }
    toSend.push(report);
  }

  const useV2 = options.useV2Stream === true || (options.useV2Stream === "auto" && toSend.length >= (options.v2Threshold ?? 100));
  if (useV2 && toSend.length > 0) {
    result.viaV2 = true;
    const settlements = await sendReportsV2(stripe, toSend);
    await Promise.all(toSend.map((report, i) => tally(db, report, settlements[i] ?? { kind: "retry", error: "no outcome" }, policy, result)));
    return result;
  }

  let next = 0;
  const lane = async () => {
    while (next < toSend.length) {
      const report = toSend[next++]!;
      await tally(db, report, await sendReportV1(stripe, report), policy, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, toSend.length) }, lane));
  return result;
}

async function tally(db: Db, report: ClaimedReport, settlement: Settlement, policy: BackoffPolicy, result: FlushResult): Promise<void> {
  const status = await settleReport(db, report, settlement, policy);
  if (status === "sent") result.sent++;
  else if (status === "failed") result.retrying++;
  else if (status === "dead") result.dead++;
  else result.lostLease++;
}
