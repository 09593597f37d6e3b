import type { Insertable, Selectable, Updateable } from "kysely";
import type { DefaultedInt, Timestamp } from "./columns.js";

/** Fixed-window counters, PK (key, window_start); upserted with `tokens = tokens + n`. */
export interface RateLimitBucketsTable {
  key: string;
  window_start: Timestamp;
  tokens: DefaultedInt;
  requests: DefaultedInt;
}

export type RateLimitBucket = Selectable<RateLimitBucketsTable>;
export type NewRateLimitBucket = Insertable<RateLimitBucketsTable>;
export type RateLimitBucketUpdate = Updateable<RateLimitBucketsTable>;
