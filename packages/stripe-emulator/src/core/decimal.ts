/** Stripe accepts `unit_amount_decimal` with up to 12 decimal places, in the currency's minor unit. */
export const DECIMAL_PATTERN = /^\d+(\.\d{1,12})?$/;

interface Fixed {
  units: bigint;
  scale: number;
}

function toFixed(value: string): Fixed {
  const [whole = "0", frac = ""] = value.split(".");
  return { units: BigInt(whole + frac), scale: frac.length };
}

function quantityToFixed(quantity: number): Fixed {
  if (Number.isInteger(quantity)) return { units: BigInt(quantity), scale: 0 };
  // Meter values may carry decimals; 12 places is Stripe's own precision limit.
  return toFixed(quantity.toFixed(12).replace(/0+$/, ""));
}

/** Normalizes a decimal string ("0.50" → "0.5", "2000.0" → "2000"). */
export function normalizeDecimal(value: string): string {
  if (!value.includes(".")) return value.replace(/^0+(?=\d)/, "");
  const trimmed = value.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed.replace(/^0+(?=\d)/, "");
}

/** The integer amount when a decimal has no fractional part, else null (Stripe leaves `unit_amount` null then). */
export function integerAmount(value: string): number | null {
  const n = normalizeDecimal(value);
  return n.includes(".") ? null : Number(n);
}

/**
 * quantity × unit amount, rounded once at the line level to whole minor units, half away from
 * zero (Stripe's documented example: 0.05 × 30 = 1.5 → 2 cents). Exact: integer arithmetic only.
 */
export function lineAmount(quantity: number, unitAmountDecimal: string): number {
  const q = quantityToFixed(quantity);
  const u = toFixed(unitAmountDecimal);
  const product = q.units * u.units;
  const negative = product < 0n;
  const magnitude = negative ? -product : product;
  const divisor = 10n ** BigInt(q.scale + u.scale);
  const rounded = (magnitude * 2n + divisor) / (divisor * 2n);
  return Number(negative ? -rounded : rounded);
}
