import { AppError, assertSameOrigin } from "@meterkit/api";
import { getCurrentUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { db } from "~/lib/server/db.server";
import { env } from "~/lib/server/env.server";
import { getLlm } from "~/lib/server/llm.server";
import { gatewayCaches } from "~/lib/server/lookup-caches.server";
import { getStripe } from "~/lib/server/stripe.server";
import { chatStreamResponse, refusalResponse } from "./chat-stream";
import { loadConversation } from "./chat-turn";
import { uiForMessage } from "./usage-chart";

/**
 * POST /app/chat/:conversationId/stream with JSON {message, model?}: the reply as NDJSON stream
 * parts (see app/lib/stream-parts.ts). Every answer, refusals included, is in that format.
 * Served by express ahead of Remix (server/chat-stream.ts, decision 113): it renders nothing, and
 * Remix's routing and request conversion were a measurable part of the wait for the first token.
 */
export async function handleChatStream(request: Request, conversationId: string, ip: string | null): Promise<Response> {
  if (request.method !== "POST") {
    return Response.json({ error: "POST a message here to stream the reply." }, { status: 405, headers: { Allow: "POST" } });
  }
  try {
    assertSameOrigin(request, [env.WEB_URL]);
  } catch (error) {
    if (error instanceof AppError) return refusalResponse(403, "forbidden", error.message);
    throw error;
  }
  // The conversation is read beside the session (one round trip instead of two before the
  // model is called); startChatTurn checks that it is this user's before using it.
  const loaded = loadConversation(db, conversationId);
  loaded.catch(() => {}); // awaited by startChatTurn, or not needed when the session is refused
  const current = await getCurrentUser(request);
  if (!current) return refusalResponse(401, "unauthenticated", "Your session has ended. Log in again to keep chatting.");
  let body: { message?: unknown; model?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return refusalResponse(400, "invalid_json", "The request body must be JSON: {\"message\": \"...\"}.");
  }
  const { user } = current;
  const stripe = getStripe();
  return chatStreamResponse(
    { db, llm: getLlm(), stripe: stripe ?? undefined, lookups: gatewayCaches.lookups, uiFor: uiForMessage(callerFor(user, request, ip)) },
    { customerId: user.customerId, userId: user.id, conversationId, loaded, message: body?.message, model: body?.model, signal: request.signal },
  );
}
