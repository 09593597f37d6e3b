import type { RequestHandler } from "express";

/**
 * One line per page or API request. Vite's module and asset requests never get here, and
 * health probes (every few seconds from a load balancer) are left out. The address is logged
 * as `loggableUrl` leaves it: whoever reads the logs must not be able to use what they read.
 */
export const logRequests: RequestHandler = (req, res, next) => {
  if (req.path === "/healthz") return next();
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    console.log(`${req.method} ${loggableUrl(req.originalUrl)} ${res.statusCode} ${ms} ms`);
  });
  next();
};

// Paths whose next segment is a credential: a password-reset link works for an hour for anyone
// who has it, and the mailer keeps it out of production logs for that reason.
const SECRET_SEGMENT_AFTER = /^(\/reset-password\/)[^/?#]+/;
// Query parameters that carry a credential or a one-time code, by name.
const SECRET_PARAM = /token|key|secret|password|code|signature/i;

/** The address with credentials in its path or query replaced by `[redacted]`. */
export function loggableUrl(url: string): string {
  const query = url.indexOf("?");
  const path = (query === -1 ? url : url.slice(0, query)).replace(SECRET_SEGMENT_AFTER, "$1[redacted]");
  if (query === -1) return path;
  const params = url
    .slice(query + 1)
    .split("&")
    .map((pair) => {
      const name = pair.split("=", 1)[0] ?? "";
      return SECRET_PARAM.test(safeDecode(name)) ? `${name}=[redacted]` : pair;
    });
  return `${path}?${params.join("&")}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
