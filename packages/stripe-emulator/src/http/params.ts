import { invalidParam, missingParam, unknownParam } from "./errors";
import type { ParamValue, Params } from "./form";

/** Rejects any top-level parameter the endpoint does not know, like Stripe does. */
export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) throw unknownParam(key);
  }
}

export function optString(params: Params, name: string, label = name): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidParam(label, `Invalid string: ${label} must be a string.`);
  return v;
}

export function reqString(params: Params, name: string, label = name): string {
  const v = optString(params, name, label);
  if (v === undefined || v === "") throw missingParam(label);
  return v;
}

export function optInt(params: Params, name: string, label = name): number | undefined {
  const v = optString(params, name, label);
  if (v === undefined || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidParam(label, `Invalid integer: ${v}`, "parameter_invalid_integer");
  return Number(v);
}

export function reqInt(params: Params, name: string, label = name): number {
  const v = optInt(params, name, label);
  if (v === undefined) throw missingParam(label);
  return v;
}

export function optBool(params: Params, name: string, label = name): boolean | undefined {
  const v = optString(params, name, label);
  if (v === undefined || v === "") return undefined;
  if (v !== "true" && v !== "false") throw invalidParam(label, `Invalid boolean: ${v}`);
  return v === "true";
}

export function optObject(params: Params, name: string, label = name): Params | undefined {
  const v = params[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalidParam(label, `Invalid object: ${label} must be a hash.`);
  return v;
}

export function optArray(params: Params, name: string, label = name): ParamValue[] | undefined {
  const v = params[name];
  if (v === undefined || v === "") return undefined;
  if (!Array.isArray(v)) throw invalidParam(label, `Invalid array: ${label} must be an array.`);
  return v;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], label: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParam(label, `Invalid ${label}: must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

export function expandList(params: Params): string[] {
  const v = params.expand;
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === "string");
}

/**
 * Stripe's metadata rules: values are strings, an empty string deletes a key, and an empty
 * `metadata` clears everything. Returns the merged result.
 */
export function mergeMetadata(current: Record<string, string>, params: Params): Record<string, string> {
  const v = params.metadata;
  if (v === undefined) return current;
  if (v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw invalidParam("metadata", "Invalid object: metadata must be a hash.");
  const next = { ...current };
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") throw invalidParam(`metadata[${k}]`, "Metadata values must be strings.");
    if (val === "") delete next[k];
    else next[k] = val;
  }
  return next;
}
