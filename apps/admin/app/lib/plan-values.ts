import type { PlanFormValues } from "~/components/plans/plan-form";
import { microsToDollarInput } from "./money";

interface PlanLike {
  code: string;
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

/** A saved plan as the edit form shows it: money back to exact dollar strings. */
export function planToFormValues(plan: PlanLike): PlanFormValues {
  return {
    code: plan.code,
    name: plan.name,
    description: plan.description,
    baseFee: microsToDollarInput(plan.baseFeeMicros),
    hardCap: plan.hardCapMicros === null ? "" : microsToDollarInput(plan.hardCapMicros),
    tokensPerMinute: String(plan.tokensPerMinute),
    requestsPerMinute: String(plan.requestsPerMinute),
    contextPolicy: plan.contextPolicy,
    billPromptAs: plan.billPromptAs,
    flushPolicy: plan.flushPolicy,
    flushIntervalSeconds: String(plan.flushIntervalSeconds),
    isPublic: plan.isPublic,
    rates: plan.rates.map((r) => ({
      model: r.model,
      input: microsToDollarInput(r.inputMicrosPerMtok),
      cachedInput: microsToDollarInput(r.cachedInputMicrosPerMtok),
      output: microsToDollarInput(r.outputMicrosPerMtok),
    })),
  };
}
