import { sql } from "kysely";
import { AppError } from "../errors";
import { idSchema } from "./ids";

/**
 * Keyset pagination over (timestamp, id), newest first. The cursor is the last row's pair,
 * base64url-encoded; a tampered cursor is a 400, never a query on garbage. The timestamp is kept
 * to the microsecond, as Postgres stores it (see exactTime): at a JavaScript Date's millisecond,
 * rows of the same millisecond as a page's last one were never shown.
 */
export interface CursorPosition {
  /** ISO 8601 in UTC with up to six decimals, compared by Postgres as a timestamptz. */
  at: string;
  id: string;
}

/** A timestamp column as exact text (UTC, microseconds), to select beside a paged row for its cursor. */
export function exactTime(column: string) {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString("base64url");
}

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodeCursor(cursor: string | null | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    // The id is compared with uuid columns: anything else would fail in Postgres, as a 500.
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && isoTime.test(parsed[0]) && idSchema.safeParse(parsed[1]).success) {
      // Within what Postgres timestamps hold (JavaScript's reach much further, to a 500 there).
      const ms = new Date(parsed[0]).getTime();
      if (ms >= EARLIEST && ms <= LATEST) return { at: parsed[0], id: parsed[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("INVALID_INPUT", "The page cursor is not valid; start from the first page.", {
    fieldErrors: { cursor: ["Not a valid cursor."] },
  });
}

/** Splits one extra fetched row off to know whether another page exists. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => { at: string; id: string }) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null;
  return { items, nextCursor };
}

/** The cursor's timestamp as a value to compare a timestamptz column with, microseconds kept. */
export function cursorTime(position: CursorPosition) {
  return sql<Date>`${position.at}::timestamptz`;
}
