import { invalidRequest } from "./errors";

export type Resolver = (id: string) => unknown;

/**
 * Applies `expand[]` paths such as `customer`, `latest_invoice` or `items.data.price.product`:
 * every id found at the path is replaced by the object it names. Works on a copy.
 */
export function expand<T>(value: T, paths: string[], resolve: Resolver): T {
  if (paths.length === 0) return value;
  const copy = structuredClone(value);
  for (const path of paths) walk(copy, path.split("."), resolve, path);
  return copy;
}

function walk(node: unknown, segments: string[], resolve: Resolver, full: string): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, segments, resolve, full);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const obj = node as Record<string, unknown>;
  if (!(head in obj)) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
  let child = obj[head];
  if (typeof child === "string") {
    const found = resolve(child);
    if (found === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
    child = structuredClone(found);
    obj[head] = child;
  }
  if (rest.length > 0) walk(child, rest, resolve, full);
}
