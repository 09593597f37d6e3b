/**
 * Where to go after logging in: only a path on this site. Anything else (another origin,
 * a protocol-relative `//host`, a backslash trick) falls back to "/", so the login form cannot
 * be used as an open redirect.
 */
export function safeNext(value: unknown): string {
  if (typeof value !== "string") return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  return value;
}
