const MICROS_PER_UNIT = 1_000_000;

/**
 * Formats integer micro-units (1 USD = 1,000,000) as money without floating point: at least two
 * decimals, more only when needed ($0.075 stays $0.075, $2.5 becomes $2.50).
 */
export function formatMicros(micros: number, currency = "usd"): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_UNIT);
  let fraction = String(abs % MICROS_PER_UNIT).padStart(6, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  const symbol = currency.toLowerCase() === "usd" ? "$" : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${whole.toLocaleString("en-US")}.${fraction}`;
}

/**
 * Parses what a person types as an amount ("12", "12.5", "$1,250.00") into integer micros,
 * digit by digit (no floating point). Null when it is not an amount or has more than six
 * decimals (below one micro).
 */
export function parseMoneyToMicros(input: string): number | null {
  const cleaned = input.trim().replace(/^\$/, "").replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^(\d{1,12})(?:\.(\d{0,6}))?$/.exec(cleaned);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(6, "0"));
  return whole * MICROS_PER_UNIT + fraction;
}

/**
 * Stripe's metered unit price (`unit_amount_decimal`, cents per token, e.g. "0.0001") as micros
 * per million tokens (1_000_000 here, i.e. $1.00 / 1M), by shifting the decimal point: cents per
 * token × 10,000 micros per cent × 1,000,000 tokens = a shift of ten places.
 */
export function centsPerTokenToMicrosPerMtok(unitAmountDecimal: string): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(unitAmountDecimal.trim());
  if (!match) return null;
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  const value = Number(whole + fraction.slice(0, 10).padEnd(10, "0"));
  // Digits past the tenth decimal are below one micro per million tokens: rounded half up.
  return fraction.length > 10 && fraction.charAt(10) >= "5" ? value + 1 : value;
}
