import type { RequestHandler } from "express";

/**
 * One line per page or API request. Vite's module and asset requests never get here, and
 * health probes (every few seconds from a load balancer) are left out.
 */
export const logRequests: RequestHandler = (req, res, next) => {
  if (req.path === "/healthz") return next();
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms} ms`);
  });
  next();
};
