import { sql } from "kysely";
import type { Db } from "../db";
import { recordUsage } from "../ledger/record-usage";

export interface RecoverOptions {
  /** A checkpoint untouched for this long belongs to a stream whose process died. */
  staleAfterSeconds?: number;
  limit?: number;
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
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const done = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<CheckpointRow>`
        SELECT * FROM usage_checkpoints
        WHERE updated_at < now() - make_interval(secs => ${stale})
        ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
      const cp = rows[0];
      if (!cp) return false;
      const prompt = Number(cp.prompt_tokens);
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
        startedAt: new Date(cp.started_at),
        occurredAt: new Date(cp.updated_at),
      });
      // recordUsage deletes the checkpoint when it writes; an event that already existed leaves it, so clear it here.
      if (!result.created) await trx.deleteFrom("usage_checkpoints").where("request_id", "=", cp.request_id).execute();
      return true;
    });
    if (!done) break;
    recovered++;
  }
  return recovered;
}
