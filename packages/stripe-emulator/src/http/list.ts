import { invalidParam, invalidRequest } from "./errors";
import type { Params } from "./form";
import { optInt, optString } from "./params";
import type { ListObject } from "../core/wire";

/**
 * Stripe's cursor pagination over a newest-first list: `limit` (1–100, default 10),
 * `starting_after` (older than that id) and `ending_before` (newer than that id).
 */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): ListObject<T> {
  const limit = optInt(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("limit", "Invalid limit: must be between 1 and 100");
  const after = optString(params, "starting_after");
  const before = optString(params, "ending_before");
  if (after && before) {
    throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.");
  }
  const position = (id: string, param: string) => {
    const i = items.findIndex((x) => x.id === id);
    if (i === -1) throw invalidParam(param, `Invalid ${param} id: '${id}' is not in this list.`, "resource_missing");
    return i;
  };
  if (before) {
    const end = position(before, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = after ? position(after, "starting_after") + 1 : 0;
  const data = items.slice(start, start + limit);
  return { object: "list", data, has_more: start + limit < items.length, url };
}

/** Newest first by `created`, keeping insertion order for ties (Stripe lists newest first). */
export function newestFirst<T extends { created: number }>(items: Iterable<T>): T[] {
  return [...items].map((x, i) => ({ x, i })).sort((a, b) => b.x.created - a.x.created || b.i - a.i).map(({ x }) => x);
}
