import { completionTokensOf, promptTokensOf, type StreamMeterResult } from "@meterkit/metering";
import type { Admission } from "./admit";
import type { FinalUsage } from "./types";

export type LedgerCounts = {
  /** The measured counts handed to billing's recordUsage (which derives billed classes and cost). */
  measured: {
    promptTokensSent: number;
    promptTokensEffective: number;
    cachedPromptTokens: number;
    completionTokens: number;
    reasoningTokens: number;
  };
  /** The same numbers as the caller sees them (usage in the response, the chat UI's done part). */
  reply: Omit<FinalUsage, "costMicros">;
};

/**
 * Turns the meter's result into ledger counts. Which numbers are billed (the provider's valid
 * usage report, else our exact local counts) is decided by metering's meterStream, in one place
 * (decision 081). The prompt the provider reports is the one that reached it (effective); the
 * tokens the context policy dropped before sending are added back for the sent count, so
 * sent ≥ effective holds whichever source is billed.
 */
export function ledgerCounts(admission: Admission, metered: StreamMeterResult): LedgerCounts {
  const upstream = metered.source === "upstream";
  const dropped = admission.promptTokensSent - admission.promptTokensEffective;
  const effective = upstream ? promptTokensOf(metered.usage) : admission.promptTokensEffective;
  const sent = upstream ? effective + dropped : admission.promptTokensSent;
  const measured = {
    promptTokensSent: sent,
    promptTokensEffective: effective,
    cachedPromptTokens: metered.usage.cachedInput,
    completionTokens: completionTokensOf(metered.usage),
    reasoningTokens: metered.usage.reasoning,
  };
  const billedPrompt = admission.plan.bill_prompt_as === "effective" ? effective : sent;
  return {
    measured,
    reply: {
      promptTokens: billedPrompt,
      promptTokensSent: sent,
      promptTokensEffective: effective,
      cachedPromptTokens: Math.min(measured.cachedPromptTokens, billedPrompt),
      completionTokens: measured.completionTokens,
      reasoningTokens: measured.reasoningTokens,
    },
  };
}
