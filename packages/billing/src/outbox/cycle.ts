import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import { enqueueMeterReports, type EnqueueOptions } from "./enqueue";
import { flushMeterReports, type FlushOptions } from "./flush";

export interface CycleOptions extends FlushOptions {
  /** Apply each plan's flush policy when enqueueing (the worker does). */
  respectFlushPolicy?: boolean;
  /** Where enqueueing looks for unreported events (EnqueueOptions.scan); default the whole ledger. */
  scan?: EnqueueOptions["scan"];
  /** Upper bound on reporter passes per cycle, so one cycle cannot run forever. */
  maxPasses?: number;
}

export interface CycleResult {
  enqueuedReports: number;
  enqueuedItems: number;
  passes: number;
  sent: number;
  retrying: number;
  dead: number;
}

/**
 * One worker cycle: turn due ledger events into reports, then flush until a pass claims nothing
 * (or the signal aborts between passes). Every step commits on its own, so stopping anywhere
 * (signal, SIGKILL) loses nothing: the next cycle picks up where this one stopped.
 */
export async function runReporterCycle(db: Db, stripe: StripeClient, options: CycleOptions = {}, signal?: AbortSignal): Promise<CycleResult> {
  const enqueued = await enqueueMeterReports(db, { respectFlushPolicy: options.respectFlushPolicy, customerId: options.customerId, scan: options.scan });
  const result: CycleResult = { enqueuedReports: enqueued.reports, enqueuedItems: enqueued.items, passes: 0, sent: 0, retrying: 0, dead: 0 };
  while (!signal?.aborted && result.passes < (options.maxPasses ?? 50)) {
    const pass = await flushMeterReports(db, stripe, options);
    result.passes++;
    result.sent += pass.sent;
    result.retrying += pass.retrying;
    result.dead += pass.dead;
    if (pass.claimed === 0) break;
  }
  return result;
}
