/**
 * Where to send someone after they sign in: a path on this site only. Another origin, a
 * protocol-relative `//host`, a backslash, or a control character (browsers drop tabs and
 * newlines from a URL, so `/\t/evil.example` is `//evil.example` to them, and a newline would make
 * the Location header throw) falls back to `fallback`, so a login link cannot be turned into an
 * open redirect. Shared by the customer app and the admin portal, so both refuse the same tricks.
 */
export function safeNext(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value === "") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}
