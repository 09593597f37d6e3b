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
