import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import type { AdmissionCheckpoint } from "../limits/admission-limits";
import { requestOwner, type Admission } from "./admit";
import { checkpointBatchFor } from "./checkpoint-batch";

/**
 * Writes the running count of an admitted stream (see checkpointer.ts for when), in the
 * process's checkpoint batch; `withdraw` drops a count still waiting there once the stream ended.
 */
export function checkpointWriter(db: Db, admission: Admission, billedPromptTokens: number) {
  const batch = checkpointBatchFor(db);
  const write = (completionTokens: number): Promise<void> =>
    batch.write({
      ...requestOwner(admission),
      promptTokens: billedPromptTokens,
      completionTokens,
      leaseReservationId: admission.lease?.reservationId ?? null,
    });
  return { write, withdraw: () => batch.withdraw(admission.requestId) };
}

/**
 * The first checkpoint of a request admitted from a lease (decision 116), which had no admission
 * statement to carry it: the billed prompt and 0 completion tokens. A later upsert of the
 * checkpointer may land first; then this one has nothing to add.
 */
export async function writeFirstCheckpoint(db: Db, requestId: string, customerId: string, cp: AdmissionCheckpoint): Promise<void> {
  const insert = db
    .insertInto("usage_checkpoints")
    .values({
      request_id: requestId,
      customer_id: customerId,
      user_id: cp.userId,
      api_key_id: cp.apiKeyId,
      conversation_id: cp.conversationId,
      model: cp.model,
      plan_id: cp.planId,
      prompt_tokens: cp.billedPromptTokens,
      completion_text_tokens: 0,
      started_at: cp.startedAt,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column("request_id").doNothing());
  await sql`${sql.raw(PREPARED)} ${insert}`.execute(db);
}
