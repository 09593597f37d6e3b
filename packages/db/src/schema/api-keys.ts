import type { Insertable, Selectable, Updateable } from "kysely";
import type { CreatedAt, Id, Timestamp } from "./columns.js";

/** Only a hash of the key is stored; `prefix` is the visible start shown in lists. */
export interface ApiKeysTable {
  id: Id;
  customer_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type ApiKey = Selectable<ApiKeysTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
