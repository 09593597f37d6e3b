import { sql } from "kysely";
import type { Db } from "../db";
import { recordUsage } from "../ledger/record-usage";
import { loadUsagePricing } from "../ledger/usage-pricing";

export interface RecoverOptions {
  /** A checkpoint untouched for this long belongs to a stream whose process died. */
  staleAfterSeconds?: number;
  limit?: number;
  /**
   * A checkpoint that cannot be billed (its plan has no rate for its model at all). It is left in
   * place and skipped for the rest of this run, so it never holds back the others.
   */
  onError?: (error: unknown, requestId: string) => void;
}

interface CheckpointRow {
  request_id: string;
  customer_id: string;
  user_id: string | null;
  api_key_id: string | null;
  model: string;
  plan_id: string;
  prompt_tokens: number;
  completion_text_tokens: number;
  started_at: Date;
  updated_at: Date;
}

/**
 * Turns stale checkpoints into `aborted` usage events with the checkpointed counts. Each one is
 * locked FOR UPDATE SKIP LOCKED and written by recordUsage in the same transaction, which also
 * deletes it; the event's request id is the stream's, so a stream that did finish (or a second
 * worker) can never add a second event for the same request.
 */
export async function recoverStaleCheckpoints(db: Db, options: RecoverOptions = {}): Promise<number> {
  let recovered = 0;
  const stale = options.staleAfterSeconds ?? 120;
  // Oldest first, so without this a checkpoint that fails would be picked first on every run,
  // and no crashed stream after it would ever be billed.
  const failed: string[] = [];
  for (let i = 0; i < (options.limit ?? 100); i++) {
    let picked: string | null = null;
    try {
      const done = await db.transaction().execute(async (trx) => {
        const cp = await oldestStale(trx, stale, failed);
        if (!cp) return false;
        picked = cp.request_id;
        await recoverOne(trx, cp);
        return true;
      });
      if (!done) break;
      recovered++;
    } catch (error) {
      if (picked === null) throw error;
      failed.push(picked);
      options.onError?.(error, picked);
    }
  }
  return recovered;
}

async function oldestStale(trx: Db, staleAfterSeconds: number, skip: string[]): Promise<CheckpointRow | undefined> {
  const { rows } = await sql<CheckpointRow>`
    SELECT * FROM usage_checkpoints
    WHERE updated_at < now() - make_interval(secs => ${staleAfterSeconds}) AND request_id <> ALL(${skip}::text[])
    ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
  return rows[0];
}

async function recoverOne(trx: Db, cp: CheckpointRow): Promise<void> {
  const prompt = Number(cp.prompt_tokens);
  const startedAt = new Date(cp.started_at);
  // The rate the request was admitted at, as the gateway would have billed it: a rate changed or a
  // model dropped from the plan since must not leave the request unbillable. Without any rate to
  // cost with, recordUsage still finds an event the stream itself wrote, or throws.
  const pricing = await loadUsagePricing(trx, { customerId: cp.customer_id, planId: cp.plan_id, model: cp.model, pricedAt: startedAt }).catch(
    () => undefined,
  );
  const result = await recordUsage(trx, {
    requestId: cp.request_id,
    customerId: cp.customer_id,
    userId: cp.user_id,
    apiKeyId: cp.api_key_id,
    model: cp.model,
    planId: cp.plan_id,
    status: "aborted",
    promptTokensSent: prompt,
    promptTokensEffective: prompt,
    cachedPromptTokens: 0,
    completionTokens: Number(cp.completion_text_tokens),
    reasoningTokens: 0,
    countSource: "local",
    note: "recovered from checkpoint after the stream's process stopped",
    startedAt,
    occurredAt: new Date(cp.updated_at),
    ...(pricing ? { pricing } : {}),
  });
  // recordUsage deletes the checkpoint when it writes; an event that already existed leaves it, so clear it here.
  if (!result.created) await trx.deleteFrom("usage_checkpoints").where("request_id", "=", cp.request_id).execute();
}
