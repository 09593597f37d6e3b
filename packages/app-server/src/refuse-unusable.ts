import type { RequestHandler } from "express";

// Methods the Fetch API will not build a Request for: Remix (and the /v1 adapter) would throw
// on them and answer 500.
const FETCH_FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE"]);

/**
 * Refuses, before any route, what cannot become a Fetch Request: a forbidden method (405) or a
 * Host header no URL can hold (400). Both are the client's mistake, and without this each was a
 * 500 with a stack trace in development.
 */
export const refuseUnusableRequests: RequestHandler = (req, res, next) => {
  // The OpenAI-compatible API answers in OpenAI's error shape, as its SDKs expect.
  const refuse = (status: number, message: string) =>
    req.path.startsWith("/v1/") || req.path === "/v1"
      ? res.status(status).json({ error: { message, type: "invalid_request_error", param: null, code: null } })
      : res.status(status).type("text").send(`${message}\n`);
  if (FETCH_FORBIDDEN_METHODS.has(req.method.toUpperCase())) {
    res.set("Allow", "GET, HEAD, POST");
    return void refuse(405, `The ${req.method} method is not allowed.`);
  }
  const host = req.headers.host ?? "localhost";
  const url = URL.canParse(`http://${host}/`) ? new URL(`http://${host}/`) : null;
  // Credentials in the host (a@b, :p@b) parse as a URL, but Fetch refuses to build a Request on it.
  if (!url || url.username !== "" || url.password !== "") return void refuse(400, "The Host header is not a valid host name.");
  next();
};
