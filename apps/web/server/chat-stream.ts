import { toNodeListener } from "@meterkit/gateway";
import type { Request as ExpressRequest } from "express";
import { handleChatStream } from "../app/lib/server/chat/chat-stream-route";

/** The chat page's stream endpoint, mounted by express before Remix (decision 113). */
export const chatStreamPath = "/app/chat/:conversationId/stream";

export const chatStreamListener = toNodeListener((request, raw) => {
  const req = raw as ExpressRequest;
  return handleChatStream(request, req.params?.conversationId ?? "", req.ip ?? null);
});
