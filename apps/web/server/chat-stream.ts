import { toNodeListener } from "@meterkit/gateway";
import type { Request as ExpressRequest } from "express";
import type { ViteDevServer } from "vite";

/** The chat page's stream endpoint, mounted by express before Remix (decision 113). */
export const chatStreamPath = "/app/chat/:conversationId/stream";

type RouteModule = typeof import("../app/lib/server/chat/chat-stream-route");
/** The route's module as Vite names it (from the app's root). */
const ROUTE_MODULE = "/app/lib/server/chat/chat-stream-route.ts";

/**
 * The endpoint's listener. Given Vite's dev server, every request takes the route module as Vite
 * has it now, so an edit to it (or to anything it imports) applies to the next message without a
 * restart, as on the pages. Without one (production), the module is loaded once, here.
 */
export async function createChatStreamListener(vite?: Pick<ViteDevServer, "ssrLoadModule">) {
  const current = vite ? () => vite.ssrLoadModule(ROUTE_MODULE) as Promise<RouteModule> : null;
  const loaded = current ? null : await import("../app/lib/server/chat/chat-stream-route");
  return toNodeListener(async (request, raw) => {
    const req = raw as ExpressRequest;
    const { handleChatStream } = loaded ?? (await current!());
    return handleChatStream(request, req.params?.conversationId ?? "", req.ip ?? null);
  });
}
