export const MICROS_PER_DOLLAR = 1_000_000;
const MICRO_DIGITS = 6;
/** Upper bound the API accepts for rates and fees (1 million dollars), checked before Number(). */
const MAX_MICROS = 1_000_000_000_000;

export type ParsedMoney = { ok: true; micros: number } | { ok: false; error: string };

/**
 * Parses a dollar amount typed by an admin ("0.15", "$2,500", "3") into integer micros with
 * string arithmetic only: "0.15" is 0 dollars and "150000" micros, never 0.15 × 1e6 (which a
 * float turns into 149999.99999999997). More than six decimals is an error, not a silent round.
 */
export function parseDollarsToMicros(text: string): ParsedMoney {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "").trim();
  if (cleaned === "") return { ok: false, error: "Enter an amount in dollars." };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) {
    return { ok: false, error: "Enter a dollar amount such as 0.15 or 2.50 (no minus sign)." };
  }
  const whole = (match[1] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = match[2] ?? "";
  if (fraction.length > MICRO_DIGITS) {
    return { ok: false, error: "Use at most six decimals (amounts are stored in millionths of a dollar)." };
  }
  const digits = `${whole}${fraction.padEnd(MICRO_DIGITS, "0")}`.replace(/^0+(?=\d)/, "");
  if (digits.length > String(MAX_MICROS).length || (digits.length === String(MAX_MICROS).length && digits > String(MAX_MICROS))) {
    return { ok: false, error: "That amount is larger than this form allows ($1,000,000)." };
  }
  return { ok: true, micros: Number(digits) };
}

/** Micros as a plain dollar string for a form field: 150000 → "0.15", 2500000 → "2.50". */
export function microsToDollarInput(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = String(Math.abs(Math.trunc(micros))).padStart(MICRO_DIGITS + 1, "0");
  const whole = abs.slice(0, -MICRO_DIGITS);
  const fraction = abs.slice(-MICRO_DIGITS).replace(/0+$/, "").padEnd(2, "0");
  return `${sign}${whole}.${fraction}`;
}

/** Micros as money for display: "$1,234.50", "$0.075", "-$3.00". */
export function formatMicros(micros: number): string {
  const plain = microsToDollarInput(micros);
  const negative = plain.startsWith("-");
  const [whole = "0", fraction = "00"] = (negative ? plain.slice(1) : plain).split(".");
  return `${negative ? "-" : ""}$${Number(whole).toLocaleString("en-US")}.${fraction}`;
}
