import { AppError } from "../errors";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF guard for state-changing form posts and tRPC mutations, on top of SameSite=Lax cookies.
 * Browsers send Origin on every cross-origin POST (and modern ones on same-origin POSTs too);
 * when it is missing we fall back to Referer, and when both are missing we refuse, because a
 * cookie-authenticated mutation with no provenance is exactly what a forged request looks like.
 *
 * `allowedOrigins` lists the public origins (WEB_URL / ADMIN_URL) for deployments behind a proxy
 * where request.url carries the internal host.
 */
export function assertSameOrigin(
  request: { method: string; url: string; headers: { get(name: string): string | null } },
  allowedOrigins: readonly string[] = [],
): void {
  if (safeMethods.has(request.method.toUpperCase())) return;
  const claimed = request.headers.get("origin") ?? originOf(request.headers.get("referer"));
  if (!claimed || claimed === "null") {
    throw new AppError("FORBIDDEN", "Cross-site request refused: the request has no Origin header.");
  }
  const allowed = new Set([originOf(request.url), ...allowedOrigins.map(originOf)]);
  if (!allowed.has(claimed)) {
    throw new AppError("FORBIDDEN", `Cross-site request refused: origin ${claimed} is not this site.`);
  }
}

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
