/**
 * Where to send a user after signing in: a path on this site only. Other origins,
 * protocol-relative `//host` and backslash tricks fall back to the app's home, so the login
 * form cannot be turned into an open redirect.
 */
export function safeNext(value: unknown, fallback = "/app"): string {
  if (typeof value !== "string" || value === "") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}
