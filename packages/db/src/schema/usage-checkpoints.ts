import type { Insertable, Selectable, Updateable } from "kysely";
import type { Timestamp, UpdatedAt } from "./columns.js";

/**
 * The running count of a stream in flight, upserted every N tokens or T ms; deleted in the
 * transaction that writes the usage event. A stale row (process crashed) is recovered by the
 * worker into an 'aborted' usage event.
 */
export interface UsageCheckpointsTable {
  request_id: string;
  customer_id: string;
  user_id: string | null;
  api_key_id: string | null;
  conversation_id: string | null;
  model: string;
  plan_id: string;
  prompt_tokens: number;
  completion_text_tokens: number;
  started_at: Timestamp;
  updated_at: UpdatedAt;
}

export type UsageCheckpoint = Selectable<UsageCheckpointsTable>;
export type NewUsageCheckpoint = Insertable<UsageCheckpointsTable>;
export type UsageCheckpointUpdate = Updateable<UsageCheckpointsTable>;
