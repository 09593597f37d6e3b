import type { Rate } from "./catalog/types";
import { InvalidRateError } from "./errors";
import { assertValidUsage, billedTokens, type TokenUsage } from "./usage-formats";

const TOKENS_PER_RATE_UNIT = 1_000_000n; // rates are per 1M tokens

/**
 * Cost of one usage event in integer micros. THE rounding rule (docs/decisions/011):
 * the exact integer numerator Σ tokens × rate-per-1M over all classes is divided by 1M and
 * rounded half-up ONCE per event (never per class, never twice). Consequences: a single event is off by at most ½ micro,
 * a sum of n event costs differs from the cost of the summed tokens by at most (n + 1) / 2 micros,
 * and cost is monotonic in every token class.
 */
export function costMicros(usage: TokenUsage, rate: Rate): number {
  assertValidUsage(usage);
  const billed = billedTokens(usage);
  return billedCostMicros(billed.input, billed.cachedInput, billed.output, rate);
}

/** costMicros for already validated, already billed token counts (reasoning folded into output). */
export function billedCostMicros(input: number, cachedInput: number, output: number, rate: Rate): number {
  assertRateNumbers(rate);
  // Exact in plain numbers while every product stays below 2^53 (any realistic event);
  // BigInt otherwise. Both paths apply the same rounding to the same exact numerator.
  const a = input * rate.inputMicrosPerMTok;
  const b = cachedInput * rate.cachedInputMicrosPerMTok;
  const c = output * rate.outputMicrosPerMTok;
  const sum = a + b + c;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(c) && Number.isSafeInteger(sum)) {
    return roundHalfUpSafe(sum);
  }
  const numerator =
    BigInt(input) * BigInt(rate.inputMicrosPerMTok) +
    BigInt(cachedInput) * BigInt(rate.cachedInputMicrosPerMTok) +
    BigInt(output) * BigInt(rate.outputMicrosPerMTok);
  return roundHalfUp(numerator);
}

/**
 * Worst-case cost of a request before it runs (every prompt token uncached, every allowed
 * completion token produced): what a reservation holds. Because costMicros is monotonic, the
 * final cost of the request can never exceed it.
 */
export function maxCostMicros(promptTokens: number, maxCompletionTokens: number, rate: Rate): number {
  return costMicros({ uncachedInput: promptTokens, cachedInput: 0, output: maxCompletionTokens, reasoning: 0 }, rate);
}

const PER_RATE_UNIT = 1_000_000;

function roundHalfUpSafe(numerator: number): number {
  const whole = Math.floor(numerator / PER_RATE_UNIT);
  // The float division can land one off for large numerators: settle it with exact integer math.
  let rest = numerator - whole * PER_RATE_UNIT;
  let q = whole;
  if (rest < 0) {
    q -= 1;
    rest += PER_RATE_UNIT;
  } else if (rest >= PER_RATE_UNIT) {
    q += 1;
    rest -= PER_RATE_UNIT;
  }
  return rest * 2 >= PER_RATE_UNIT ? q + 1 : q;
}

function roundHalfUp(numerator: bigint): number {
  const whole = numerator / TOKENS_PER_RATE_UNIT;
  const rest = numerator % TOKENS_PER_RATE_UNIT;
  const rounded = rest * 2n >= TOKENS_PER_RATE_UNIT ? whole + 1n : whole;
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("Cost exceeds the safe integer range.");
  return Number(rounded);
}

function assertRateNumbers(rate: Rate): void {
  if (isMicros(rate.inputMicrosPerMTok) && isMicros(rate.cachedInputMicrosPerMTok) && isMicros(rate.outputMicrosPerMTok)) return;
  for (const field of ["inputMicrosPerMTok", "cachedInputMicrosPerMTok", "outputMicrosPerMTok"] as const) {
    if (!isMicros(rate[field])) {
      throw new InvalidRateError(`'${field}' must be a non-negative integer of micros, got ${rate[field]}.`, field);
    }
  }
}

function isMicros(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * A per-1M-tokens rate in micros as Stripe's `unit_amount_decimal` (cents per token, a decimal
 * string). 1 micro = 10⁻⁴ cents and the rate covers 10⁶ tokens, so the point moves 10 places:
 * exact, no float, and within Stripe's 12 decimal places.
 */
export function centsPerTokenDecimal(microsPerMTok: number): string {
  if (!Number.isSafeInteger(microsPerMTok) || microsPerMTok < 0) {
    throw new InvalidRateError(`A rate must be a non-negative integer of micros, got ${microsPerMTok}.`, "rate");
  }
  const digits = String(microsPerMTok).padStart(11, "0");
  const whole = digits.slice(0, -10).replace(/^0+(?=\d)/, "");
  const fraction = digits.slice(-10).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}
