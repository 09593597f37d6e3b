import type { ColumnType, Insertable, Selectable } from "kysely";
import type { CreatedAt, Id, JsonValue } from "./columns.js";

type NullableJsonb = ColumnType<JsonValue | null, string | null | undefined, never>;

/** Every admin action: who, what, when, before/after. Append-only (a trigger rejects UPDATE/DELETE). */
export interface AuditLogTable {
  id: Id;
  /** Null for actions taken by the system (e.g. the worker). */
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: NullableJsonb;
  after: NullableJsonb;
  created_at: CreatedAt;
}

export type AuditLogEntry = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
