import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import type { AdmissionCheckpoint } from "../limits/admission-limits";
import type { Admission } from "./admit";

/** Upserts the running count of an admitted stream (see checkpointer.ts for when). */
export function checkpointWriter(db: Db, admission: Admission, billedPromptTokens: number) {
  return async (completionTokens: number): Promise<void> => {
    const upsert = db
      .insertInto("usage_checkpoints")
      .values({
        request_id: admission.requestId,
        customer_id: admission.customerId,
        user_id: admission.userId,
        api_key_id: admission.apiKeyId,
        conversation_id: admission.conversationId,
        model: admission.model.id,
        plan_id: admission.plan.id,
        prompt_tokens: billedPromptTokens,
        completion_text_tokens: completionTokens,
        started_at: admission.startedAt,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc.column("request_id").doUpdateSet({ completion_text_tokens: completionTokens, updated_at: new Date() }),
      );
    // Written every second by every long stream: planned once per connection (decision 115).
    await sql`${sql.raw(PREPARED)} ${upsert}`.execute(db);
  };
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
