/**
 * Stripe's v1 wire format: `application/x-www-form-urlencoded` with bracketed keys.
 * `a[b][c]=1` is a nested object, `items[0][price]=p` an array of objects, `expand[]=x` an array.
 */
export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [key: string]: ParamValue;
}

type Tree = { [key: string]: Tree | string } | string;

/** Parses a query string or a form body into nested params (numeric-keyed objects become arrays). */
export function parseForm(input: string): Params {
  const root: { [key: string]: Tree } = {};
  if (input.length === 0) return {};
  for (const pair of input.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    insert(root, splitKey(rawKey), value);
  }
  return toParams(root) as Params;
}

function decode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, " "));
}

/** `items[0][price]` → ["items", "0", "price"]; `expand[]` → ["expand", ""]. */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(open))) !== null) parts.push(m[1] ?? "");
  return parts;
}

function insert(node: { [key: string]: Tree }, path: string[], value: string): void {
  let cursor = node;
  for (let i = 0; i < path.length; i++) {
    let segment = path[i] as string;
    // `[]` appends: give it the next free numeric index.
    if (segment === "" && i > 0) segment = String(Object.keys(cursor).length);
    if (i === path.length - 1) {
      cursor[segment] = value;
      return;
    }
    const next = cursor[segment];
    if (next === undefined || typeof next === "string") {
      const created: { [key: string]: Tree } = {};
      cursor[segment] = created;
      cursor = created;
    } else {
      cursor = next;
    }
  }
}

function toParams(tree: Tree): ParamValue {
  if (typeof tree === "string") return tree;
  const keys = Object.keys(tree);
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => toParams(tree[String(k)] as Tree));
  }
  const out: Params = {};
  for (const k of keys) out[k] = toParams(tree[k] as Tree);
  return out;
}

/** Canonical JSON of params with sorted keys, used to compare idempotent requests. */
export function canonicalParams(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalParams((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
