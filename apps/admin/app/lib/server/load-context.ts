import type { Request as ExpressRequest } from "express";

/**
 * What the Express server hands every loader and action as `context`. Express resolves the
 * client address (honouring `trust proxy` when it is set), which Remix's Request cannot see.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP address, for rate limits and audit records; null when unknown. */
    ip: string | null;
  }
}

export function getLoadContext(req: ExpressRequest) {
  return { ip: req.ip ?? null };
}
