import type { ColumnType } from "kysely";

/** A uuid primary key filled by gen_random_uuid(); callers may supply one (e.g. to derive other columns from it). */
export type Id = ColumnType<string, string | undefined, never>;

/** timestamptz: pg returns a Date; a Date or an ISO string is accepted on write. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** timestamptz with a now() default, set once. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** timestamptz with a now() default that code may change later (e.g. updated_at, next_attempt_at). */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** timestamptz with a now() default that code bumps on update. */
export type UpdatedAt = DefaultedTimestamp;

/**
 * A bigint column. The client factory parses int8 as a JS number (see client.ts), so integer
 * micro-units and token totals read as `number`.
 */
export type BigIntColumn = number;

/** An integer column with a database default. */
export type DefaultedInt = ColumnType<number, number | undefined, number>;

/** jsonb: pg parses it on read; write a JSON string (pg would turn a JS array into a Postgres array). */
export type Jsonb<T> = ColumnType<T, string, string>;

/** jsonb with a database default. */
export type DefaultedJsonb<T> = ColumnType<T, string | undefined, string>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
