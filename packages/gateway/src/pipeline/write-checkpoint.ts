import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
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
