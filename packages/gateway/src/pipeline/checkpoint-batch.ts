import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import { LEASE_KEEPALIVE_MS } from "../limits/admission-leases";

/** A stream's running count, as usage_checkpoints holds it. */
export type CheckpointRow = {
  requestId: string;
  customerId: string;
  userId: string | null;
  apiKeyId: string | null;
  conversationId: string | null;
  model: string;
  planId: string;
  promptTokens: number;
  completionTokens: number;
  startedAt: Date;
  /** The lease that admitted the stream (decision 116), whose expiry each checkpoint moves on. */
  leaseReservationId: string | null;
};

/** How long a checkpoint may wait for others to share its statement. */
export const CHECKPOINT_BATCH_MS = 200;

type Queued = { row: CheckpointRow; settle: Array<{ resolve: () => void; reject: (error: unknown) => void }> };

/**
 * The periodic checkpoints of every stream of a process, written together: a row waits up to
 * `delayMs` for the others due about then, and all go in one statement. Each stream writes
 * its count about once a second, so a process with a thousand streams in flight would
 * otherwise send a thousand statements a second for them alone; batched, it sends five.
 * A crash then loses at most the checkpoint interval plus this delay.
 */
export class CheckpointBatch {
  private queued = new Map<string, Queued>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly delayMs = CHECKPOINT_BATCH_MS,
  ) {}

  /** Resolves once the row is written (or withdrawn); rejects if its statement failed. */
  write(row: CheckpointRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queued = this.queued.get(row.requestId);
      // A newer count of the same stream replaces the older one: one row per stream per statement.
      if (queued) {
        queued.row = row;
        queued.settle.push({ resolve, reject });
      } else this.queued.set(row.requestId, { row, settle: [{ resolve, reject }] });
      // unref: a pending checkpoint never keeps a process alive on its own.
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
    });
  }

  /** The stream ended: its queued count is not worth writing, its usage event follows. */
  withdraw(requestId: string): void {
    const queued = this.queued.get(requestId);
    if (!queued) return;
    this.queued.delete(requestId);
    for (const { resolve } of queued.settle) resolve();
  }

  /** Writes everything queued now (also used by tests). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queued.size === 0) return;
    const batch = [...this.queued.values()];
    this.queued = new Map();
    try {
      await upsertCheckpoints(this.db, batch.map((q) => q.row));
      for (const q of batch) for (const { resolve } of q.settle) resolve();
    } catch (error) {
      for (const q of batch) for (const { reject } of q.settle) reject(error);
    }
  }
}

// Arrays, one per column, so the statement's text is the same for any number of rows and is
// planned once per connection (decision 115). A checkpoint is also its stream's sign of life:
// the leases that admitted the streams stay held for LEASE_KEEPALIVE_MS more.
async function upsertCheckpoints(db: Db, rows: CheckpointRow[]): Promise<void> {
  const column = <T>(pick: (row: CheckpointRow) => T): T[] => rows.map(pick);
  const leases = [...new Set(rows.flatMap((r) => (r.leaseReservationId ? [r.leaseReservationId] : [])))];
  const now = new Date();
  await sql`${sql.raw(PREPARED)}
    WITH kept_alive AS (
      UPDATE reservations SET expires_at = now() + ${`${LEASE_KEEPALIVE_MS} milliseconds`}::interval
      -- Only once 30 s of it are used: a busy lease is rewritten twice a minute, not per batch.
      -- A live request writes at least every minute, so the expiry never comes closer than one.
      WHERE id = ANY(${leases}::uuid[]) AND status = 'held'
        AND expires_at < now() + ${`${LEASE_KEEPALIVE_MS - 30_000} milliseconds`}::interval
    )
    INSERT INTO usage_checkpoints AS c
      (request_id, customer_id, user_id, api_key_id, conversation_id, model, plan_id, prompt_tokens, completion_text_tokens, started_at, updated_at)
    SELECT r.*, ${now}::timestamptz FROM unnest(
      ${column((r) => r.requestId)}::text[], ${column((r) => r.customerId)}::uuid[], ${column((r) => r.userId)}::uuid[],
      ${column((r) => r.apiKeyId)}::uuid[], ${column((r) => r.conversationId)}::uuid[], ${column((r) => r.model)}::text[],
      ${column((r) => r.planId)}::uuid[], ${column((r) => r.promptTokens)}::integer[], ${column((r) => r.completionTokens)}::integer[],
      ${column((r) => r.startedAt)}::timestamptz[]
    ) AS r
    ON CONFLICT (request_id) DO UPDATE SET completion_text_tokens = excluded.completion_text_tokens, updated_at = excluded.updated_at
  `.execute(db);
}

// One batch per database handle, shared by every stream of the process.
const batches = new WeakMap<Db, CheckpointBatch>();

export function checkpointBatchFor(db: Db): CheckpointBatch {
  let batch = batches.get(db);
  if (!batch) batches.set(db, (batch = new CheckpointBatch(db)));
  return batch;
}
