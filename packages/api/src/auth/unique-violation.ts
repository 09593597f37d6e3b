/** Postgres unique_violation (23505), optionally on a named constraint or column. */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; detail?: unknown };
  if (e.code !== "23505") return false;
  if (!hint) return true;
  return [e.constraint, e.detail].some((v) => typeof v === "string" && v.includes(hint));
}
