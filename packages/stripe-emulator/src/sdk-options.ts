/**
 * `stripe` SDK options that point every call at a base URL such as `http://127.0.0.1:12111`.
 * Overriding `host` also moves the v2 meter event stream, which otherwise goes to
 * meter-events.stripe.com: the SDK sends every API base to the instance host once it is changed.
 */
export function sdkOptionsFor(baseUrl: string): { host: string; port: number; protocol: "http" | "https" } {
  const url = new URL(baseUrl);
  const protocol = url.protocol === "https:" ? "https" : "http";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "https" ? 443 : 80, protocol };
}
