import { AppError } from "../errors";
import { idSchema } from "./ids";

/**
 * Keyset pagination over (timestamp, id), newest first. The cursor is the last row's pair,
 * base64url-encoded; a tampered cursor is a 400, never a query on garbage.
 */
export interface CursorPosition {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString("base64url");
}

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

export function decodeCursor(cursor: string | null | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    // The id is compared with uuid columns: anything else would fail in Postgres, as a 500.
    if (Array.isArray(parsed) && typeof parsed[0] === "string" && idSchema.safeParse(parsed[1]).success) {
      const at = new Date(parsed[0]);
      // Within what Postgres timestamps hold (JavaScript's reach much further, to a 500 there).
      if (at.getTime() >= EARLIEST && at.getTime() <= LATEST) return { at, id: parsed[1] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("INVALID_INPUT", "The page cursor is not valid; start from the first page.", {
    fieldErrors: { cursor: ["Not a valid cursor."] },
  });
}

/** Splits one extra fetched row off to know whether another page exists. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => { at: Date | string; id: string }) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null;
  return { items, nextCursor };
}
