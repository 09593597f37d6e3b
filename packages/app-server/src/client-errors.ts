import type { ErrorRequestHandler } from "express";

/**
 * Express's own 4xx errors (a path whose percent-escapes do not decode, say) as a short page that
 * names the problem, instead of the default one with a stack trace in development. Anything
 * else goes on to the default handler.
 */
export const answerClientErrors: ErrorRequestHandler = (error: { status?: unknown; message?: unknown }, req, res, next) => {
  const status = typeof error?.status === "number" ? error.status : 0;
  if (status < 400 || status > 499 || res.headersSent) return next(error);
  const problem =
    error instanceof URIError
      ? `The address ${req.originalUrl} has a malformed percent-escape; check the link.`
      : `The request could not be handled: ${String(error.message ?? "bad request")}.`;
  res.status(status).set("Cache-Control", "no-store");
  if (req.accepts(["text/plain", "text/html"]) === "text/html") res.type("html").send(page(status, problem));
  else res.type("text").send(`${problem}\n`);
};

function page(status: number, problem: string): string {
  const text = problem.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1><p>${text}</p><p><a href="/">Back to the home page</a></p></body></html>\n`;
}
