/**
 * Procedures return plain JSON (no transformer), so values are converted at the edge:
 * timestamps to ISO strings and Postgres bigints (which pg returns as strings) to numbers.
 * Micros stay exact as numbers up to 2^53 (9 billion USD).
 */
export function iso(value: Date | string): string;
export function iso(value: Date | string | null | undefined): string | null;
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function num(value: string | number | bigint): number;
export function num(value: string | number | bigint | null | undefined): number | null;
export function num(value: string | number | bigint | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}
