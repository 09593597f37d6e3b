import type { Express } from "express";

/**
 * Express's `trust proxy` from the TRUST_PROXY variable. Behind a load balancer every request
 * comes from the balancer's address; unless Express is told to trust it, `req.ip` is that
 * address for everyone, and the per-(email, IP) sign-in throttle locks an email out for all
 * users after a few failures. Accepted: unset or "false" (no proxy, the default), "true" (trust
 * every hop), a number of hops ("1" for one balancer), or addresses/subnets and Express's names
 * ("loopback, 10.0.0.0/8"). Prefer the last two: with "true" the client's own X-Forwarded-For
 * entries are believed too (a proxy appends to them), so a client picks its address.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  const v = value?.trim() ?? "";
  if (v === "" || v === "false") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** Applies TRUST_PROXY and warns when a production app's public URL cannot carry Secure cookies. */
export function configureEdge(app: Express, options: { nodeEnv: string; trustProxy: string | undefined; publicUrl: string; urlVariable: string }): void {
  const trust = trustProxySetting(options.trustProxy);
  app.set("trust proxy", trust);
  if (trust === true) {
    console.warn("[config] TRUST_PROXY=true believes every X-Forwarded-For entry, including those a client wrote itself; set the number of proxies (e.g. 1) or their addresses instead.");
  }
  if (options.nodeEnv === "production" && !options.publicUrl.startsWith("https://")) {
    // Session cookies are Secure only on an https URL, and links in emails and Stripe Checkout
    // are built from it: a forgotten variable would send customers to localhost.
    console.warn(`[config] ${options.urlVariable} is ${options.publicUrl}: set it to this app's public https address (session cookies are Secure only on https, and links are built from it).`);
  }
}
