import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRouteLoaderData } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ChatScreen } from "~/components/chat/chat-screen";
import { RouteError } from "~/components/route-error";
import { requireSameOrigin, requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { startChatTurn } from "~/lib/server/chat/chat-turn";
import { toChatRefusal } from "~/lib/server/chat/refusal";
import { wantsUsageChart } from "~/lib/ui-intents";
import { uiForMessage, usageChart } from "~/lib/server/chat/usage-chart";
import { db } from "~/lib/server/db.server";
import { getLlm } from "~/lib/server/llm.server";
import { readForm } from "@meterkit/app-server";
import { getStripe } from "~/lib/server/stripe.server";
import type { ChatLayoutData } from "./app.chat";

const notFound = () => data("This conversation does not exist, or it is not yours.", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!params.conversationId) return { conversation: null, messages: [], usage: {}, chart: null };
  const caller = callerFor(user, request, context.ip);
  let found;
  try {
    found = await caller.conversations.get({ id: params.conversationId });
  } catch (error) {
    // Someone else's id, a deleted one and a malformed one all look the same from outside.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) throw notFound();
    throw error;
  }
  const eventIds = found.messages.flatMap((m) => (m.usageEventId ? [m.usageEventId] : []));
  const events = eventIds.length
    ? await db
        .selectFrom("usage_events")
        .select(["id", "billed_input_tokens", "billed_cached_input_tokens", "completion_tokens", "cost_micros"])
        .where("id", "in", eventIds)
        .where("customer_id", "=", user.customerId)
        .execute()
    : [];
  const usage = Object.fromEntries(
    events.map((e) => [e.id, { promptTokens: e.billed_input_tokens + e.billed_cached_input_tokens, completionTokens: e.completion_tokens, costMicros: e.cost_micros }]),
  );
  const chart = found.messages.some((m) => m.role === "user" && wantsUsageChart(m.content)) ? await usageChart(caller) : null;
  return { conversation: found.conversation, messages: found.messages, usage, chart };
}

/**
 * Without JavaScript the composer posts here: the reply is produced in full (still metered and
 * stoppable by closing the tab), then the page reloads with it. With JavaScript the browser
 * streams from /app/chat/:id/stream instead and never posts here.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const form = await readForm(request);
  const caller = callerFor(user, request, context.ip);
  if (form.get("intent") === "delete" && params.conversationId) {
    // The ledger keeps the conversation's usage events: deleting a chat never changes a bill.
    await caller.conversations.delete({ id: params.conversationId }).catch((error: unknown) => {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) throw notFound();
      throw error;
    });
    return redirect("/app/chat");
  }
  const model = String(form.get("model") ?? "");
  let conversationId = params.conversationId;
  try {
    if (!conversationId) conversationId = (await caller.conversations.create({ model })).id;
    const turn = await startChatTurn(
      { db, llm: getLlm(), stripe: getStripe() ?? undefined, uiFor: uiForMessage(caller) },
      { customerId: user.customerId, userId: user.id, conversationId, message: form.get("message"), model, signal: request.signal },
    );
    await turn.finished;
  } catch (error) {
    const refusal = toChatRefusal(error);
    if (refusal) return data({ error: refusal.message }, { status: refusal.status });
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return data({ error: error.message }, { status: 400 });
    throw error;
  }
  return redirect(`/app/chat/${conversationId}`);
}

export default function ChatRoute() {
  const loaded = useLoaderData<typeof loader>();
  const layout = useRouteLoaderData<ChatLayoutData>("routes/app.chat");
  const navigate = useNavigate();
  if (!layout) return null;
  return (
    <ChatScreen
      conversation={loaded.conversation}
      messages={loaded.messages}
      usage={loaded.usage}
      chart={loaded.chart}
      subscription={layout.subscription}
      models={layout.models}
      defaultModel={layout.defaultModel}
      onConversationCreated={(id) => navigate(`/app/chat/${id}`, { replace: true, preventScrollReset: true })}
    />
  );
}

export function ErrorBoundary() {
  return <RouteError what="this conversation" />;
}
