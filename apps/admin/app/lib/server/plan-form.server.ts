import type { FieldErrors } from "@meterkit/api";
import { text, wholeNumber } from "../form-data";
import { parseDollarsToMicros } from "../money";

export interface PlanFormInput {
  name: string;
  description: string;
  baseFeeMicros: number;
  hardCapMicros: number | null;
  tokensPerMinute: number;
  requestsPerMinute: number;
  contextPolicy: "reject" | "truncate";
  billPromptAs: "sent" | "effective";
  flushPolicy: "immediate" | "batched";
  flushIntervalSeconds: number;
  isPublic: boolean;
  rates: { model: string; inputMicrosPerMtok: number; cachedInputMicrosPerMtok: number; outputMicrosPerMtok: number }[];
}

const rateFields = [
  ["input", "inputMicrosPerMtok", "Input rate"],
  ["cachedInput", "cachedInputMicrosPerMtok", "Cached-input rate"],
  ["output", "outputMicrosPerMtok", "Output rate"],
] as const;

/** API field names → the form's input names, so server-side errors land on the right input. */
export function planFieldName(apiKey: string): string {
  if (apiKey === "baseFeeMicros") return "baseFee";
  if (apiKey === "hardCapMicros") return "hardCap";
  for (const [form, api] of rateFields) {
    const match = new RegExp(`^rates\\.(\\d+)\\.${api}$`).exec(apiKey);
    if (match) return `rates.${match[1]}.${form}`;
  }
  return apiKey;
}

/**
 * Reads the plan form. Money is typed in dollars (rates per 1M tokens) and converted to integer
 * micros with string arithmetic; everything else the API validates again with its own messages.
 */
export function parsePlanForm(form: FormData): { ok: true; input: PlanFormInput } | { ok: false; fieldErrors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (name: string, message: string) => ((errors[name] ??= []).push(message), 0);
  const money = (name: string, optional = false): number | null => {
    const raw = text(form, name);
    if (optional && raw === "") return null;
    const parsed = parseDollarsToMicros(raw);
    return parsed.ok ? parsed.micros : fail(name, parsed.error);
  };
  const count = (name: string, label: string, min = 1) => {
    const parsed = wholeNumber(text(form, name), label, { min });
    return parsed.ok ? parsed.value : fail(name, parsed.error);
  };

  const rows = new Set<number>();
  for (const key of form.keys()) {
    const match = /^rates\.(\d+)\.model$/.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  const rates = [...rows].sort((a, b) => a - b).map((i) => {
    const model = text(form, `rates.${i}.model`);
    if (!model) fail(`rates.${i}.model`, "Name the model.");
    const [input, cachedInput, output] = rateFields.map(([field]) => money(`rates.${i}.${field}`) ?? 0);
    return { model, inputMicrosPerMtok: input ?? 0, cachedInputMicrosPerMtok: cachedInput ?? 0, outputMicrosPerMtok: output ?? 0 };
  });
  if (rates.length === 0) fail("rates", "Add at least one model.");

  const input: PlanFormInput = {
    name: text(form, "name"),
    description: text(form, "description"),
    baseFeeMicros: money("baseFee") ?? 0,
    hardCapMicros: money("hardCap", true),
    tokensPerMinute: count("tokensPerMinute", "Tokens per minute"),
    requestsPerMinute: count("requestsPerMinute", "Requests per minute"),
    contextPolicy: text(form, "contextPolicy") === "truncate" ? "truncate" : "reject",
    billPromptAs: text(form, "billPromptAs") === "effective" ? "effective" : "sent",
    flushPolicy: text(form, "flushPolicy") === "immediate" ? "immediate" : "batched",
    flushIntervalSeconds: count("flushIntervalSeconds", "Flush interval", 60),
    isPublic: form.get("isPublic") === "on",
    rates,
  };
  if (input.hardCapMicros === 0) fail("hardCap", "A hard cap must be more than $0; leave it empty for no cap.");
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, input };
}
