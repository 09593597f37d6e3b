import { costMicros, type Rate } from "@meterkit/metering";
import { BillingError } from "../errors";
import type { BilledTokens } from "./billed-tokens";
import type { PlanRate } from "./current-rate";

function toMeteringRate(rate: PlanRate): Rate {
  return {
    version: rate.version,
    inputMicrosPerMTok: rate.inputMicrosPerMtok,
    cachedInputMicrosPerMTok: rate.cachedInputMicrosPerMtok,
    outputMicrosPerMTok: rate.outputMicrosPerMtok,
  };
}

/**
 * Cost in integer micros through the metering package's single rounding rule (half up, once per
 * event). Billed output already includes reasoning, so it goes in as `output` with reasoning 0:
 * handing reasoning over separately would bill it a second time.
 * Corrections may be negative as a whole (a take-back is the exact mirror of a charge); a
 * correction mixing signs across classes must be recorded as two events.
 */
export function costOfBilled(billed: BilledTokens, rate: PlanRate): number {
  const values = [billed.input, billed.cachedInput, billed.output];
  const sign = values.some((v) => v < 0) ? -1 : 1;
  if (sign < 0 && values.some((v) => v > 0)) {
    throw new BillingError("invalid_input", "a correction cannot add tokens to one class and remove them from another; record two events");
  }
  const usage = { uncachedInput: sign * billed.input, cachedInput: sign * billed.cachedInput, output: sign * billed.output, reasoning: 0 };
  return sign * costMicros(usage, toMeteringRate(rate));
}
