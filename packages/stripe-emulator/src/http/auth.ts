import { unauthorized } from "./errors";

export type KeyCheck = (key: string) => boolean;

/** Accepts the configured key(s), or any test-mode secret/restricted key when none is configured. */
export function keyCheck(apiKey: string | string[] | undefined): KeyCheck {
  if (apiKey === undefined) return (key) => /^(sk|rk)_test_\S+$/.test(key);
  const allowed = new Set(Array.isArray(apiKey) ? apiKey : [apiKey]);
  return (key) => allowed.has(key);
}

function redact(key: string): string {
  return key.length <= 12 ? "****" : `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}

/** The bearer token (or Basic-auth username, as curl -u sends it) of a request. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(" ", 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString("utf8").split(":")[0];
  return undefined;
}

/** Checks a secret key the way Stripe does; throws Stripe's 401 error otherwise. */
export function authenticate(header: string | undefined, check: KeyCheck): string {
  const key = bearerToken(header);
  if (!key) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!check(key)) throw unauthorized(`Invalid API Key provided: ${redact(key)}`);
  return key;
}
