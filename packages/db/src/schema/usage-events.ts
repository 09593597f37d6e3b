import type { ColumnType, Insertable, Selectable } from "kysely";
import type { BigIntColumn, CreatedAt, Id } from "./columns.js";

export const usageEventKinds = ["usage", "adjustment", "credit"] as const;
export type UsageEventKind = (typeof usageEventKinds)[number];
/** 'adjustment' is the status of every non-usage event (enforced by a CHECK). */
export const usageEventStatuses = ["completed", "aborted", "failed", "truncated", "adjustment"] as const;
export type UsageEventStatus = (typeof usageEventStatuses)[number];
export const countSources = ["upstream", "local"] as const;
export type CountSource = (typeof countSources)[number];

/** Write-once columns: no Updateable type exists for this table. */
type Once<T> = ColumnType<T, T, never>;
type OnceDefaulted<T> = ColumnType<T, T | undefined, never>;
type OnceTime = ColumnType<Date, Date | string, never>;
type OnceNullable<T> = ColumnType<T | null, T | null | undefined, never>;

/**
 * The append-only ledger. A trigger rejects UPDATE, DELETE and TRUNCATE; corrections are new
 * events of kind 'adjustment' or 'credit' (whose counts may be negative). For kind 'usage' every
 * count and the cost are >= 0 (CHECK).
 */
export interface UsageEventsTable {
  id: Id;
  /** Idempotency key; unique. */
  request_id: Once<string>;
  customer_id: Once<string>;
  user_id: OnceNullable<string>;
  api_key_id: OnceNullable<string>;
  /** Not a foreign key: the ledger outlives deleted conversations. */
  conversation_id: OnceNullable<string>;
  model: Once<string>;
  kind: Once<UsageEventKind>;
  status: Once<UsageEventStatus>;
  prompt_tokens_sent: Once<number>;
  prompt_tokens_effective: Once<number>;
  cached_prompt_tokens: OnceDefaulted<number>;
  completion_tokens: Once<number>;
  reasoning_tokens: OnceDefaulted<number>;
  billed_input_tokens: Once<number>;
  billed_cached_input_tokens: OnceDefaulted<number>;
  billed_output_tokens: Once<number>;
  cost_micros: Once<BigIntColumn>;
  plan_id: OnceNullable<string>;
  rate_version: OnceNullable<number>;
  count_source: Once<CountSource>;
  upstream_prompt_tokens: OnceNullable<number>;
  upstream_completion_tokens: OnceNullable<number>;
  /** Defaults to false. */
  count_mismatch: OnceDefaulted<boolean>;
  note: OnceNullable<string>;
  started_at: OnceTime;
  occurred_at: OnceTime;
  created_at: CreatedAt;
}

export type UsageEvent = Selectable<UsageEventsTable>;
export type NewUsageEvent = Insertable<UsageEventsTable>;
