import type { Request, RequestHandler } from "express";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Answers a cross-site form post with a 403 that says why, before Remix sees it.
 *
 * Remix checks the Origin of every document and single-fetch action against the Host (or
 * X-Forwarded-Host) header itself, and on a mismatch throws a plain Error that reaches the
 * client as an empty 500. This applies the same rule first and refuses in words. Requests
 * without an Origin pass on: the route's own same-origin check (Referer, or a refusal) runs next.
 *
 * `skip` names paths that answer for themselves: the API, webhooks and resource routes that
 * check the origin in their own response format (Remix does not check those).
 */
export function refuseCrossSite(skip: readonly RegExp[]): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method) || skip.some((pattern) => pattern.test(req.path))) return next();
    const problem = crossSiteProblem(req);
    if (!problem) return next();
    res.status(403).set("Cache-Control", "no-store");
    if (req.accepts(["text/plain", "text/html"]) === "text/html") res.type("html").send(refusalPage(problem));
    else res.type("text").send(`${problem}\n`);
  };
}

/** What is wrong with the request's Origin, or null when there is none or it is this host. */
function crossSiteProblem(req: Request): string | null {
  const origin = req.get("origin");
  if (origin === undefined) return null;
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  if (!host) return "Cross-site request refused: the request names no Host to compare its Origin with.";
  if (origin === "null") return "Cross-site request refused: the form was sent from a page with no origin (a sandbox or a file).";
  if (hostOf(origin) === host) return null;
  return `Cross-site request refused: origin ${origin} is not this site (${host}). Send the form from this site's own pages.`;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function refusalPage(problem: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>${escapeHtml(problem)}</p><p><a href="/">Back to the home page</a></p></body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
