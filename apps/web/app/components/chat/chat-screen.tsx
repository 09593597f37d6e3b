import { Alert, buttonClass } from "@meterkit/ui";
import { Form, Link, useActionData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { formatCount } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import type { FinalStatus, UiComponent } from "~/lib/stream-parts";
import { trpc } from "~/lib/trpc-client";
import { wantsUsageChart } from "~/lib/ui-intents";
import { useChatStream } from "~/lib/use-chat-stream";
import { Composer, type ModelOption } from "./composer";
import { AssistantMessage, UserMessage } from "./message-view";
import { UsageMeter } from "./usage-meter";

interface StoredMessage {
  id: string;
  role: string;
  content: string;
  status: string | null;
  usageEventId: string | null;
}

type MessageUsage = { promptTokens: number; completionTokens: number; costMicros: number };

export interface ChatScreenProps {
  conversation: { id: string; title: string; model: string } | null;
  messages: StoredMessage[];
  usage: Record<string, MessageUsage>;
  chart: UiComponent | null;
  subscription: { canUseModels: boolean; status: string; planName: string | null; suspended: boolean };
  models: ModelOption[];
  /** The model a new chat starts with. */
  defaultModel: string;
  onConversationCreated: (id: string) => void;
}

function UsageLine({ usage }: { usage: MessageUsage }) {
  return (
    <span className="text-xs tabular-nums text-slate-500" data-testid="message-usage">
      {formatCount(usage.promptTokens)} in · {formatCount(usage.completionTokens)} out · {formatMicros(usage.costMicros)}
    </span>
  );
}

/** The open conversation: stored messages, the turn being streamed, the live meter and the composer. */
export function ChatScreen({ conversation, messages, usage, chart, subscription, models, defaultModel, onConversationCreated }: ChatScreenProps) {
  const { turn, streaming, send, stop, clear } = useChatStream();
  const revalidator = useRevalidator();
  const actionData = useActionData<{ error?: string }>();
  const [createError, setCreateError] = useState<string | null>(null);
  const bottomRef = useRef<HTMLDivElement>(null);

  const currentId = conversation?.id ?? null;
  // The conversation created for the first message of a new chat, until the URL has caught up.
  const creating = useRef<string | null>(null);
  const liveTurn = turn && (turn.conversationId === currentId || (currentId === null && turn.conversationId === creating.current)) ? turn : null;

  // Opening another conversation stops a reply still being written here (and bills what it wrote).
  useEffect(() => {
    if (currentId && creating.current === currentId) creating.current = null;
    if (turn && turn.conversationId !== currentId && turn.conversationId !== creating.current) {
      stop();
      clear();
    }
    // Only a change of conversation matters here, not each streamed part.
  }, [currentId]);
  // Once the stored conversation holds the turn's reply, show the stored copy instead.
  const userIndex = liveTurn?.reply.userMessageId ? messages.findIndex((m) => m.id === liveTurn.reply.userMessageId) : -1;
  const persisted = userIndex >= 0 && messages[userIndex + 1]?.role === "assistant" && liveTurn?.reply.status !== null;
  const shown = liveTurn && !persisted ? messages.filter((m) => m.id !== liveTurn.reply.userMessageId) : messages;

  // After a reply ends, reload the conversation (and the sidebar). A stopped reply is stored a
  // moment after the connection closes, so keep looking for it for a few seconds.
  const ended = liveTurn?.reply.status ?? null;
  const attempts = useRef(0);
  useEffect(() => {
    if (!ended || ended === "refused" || persisted) return;
    if (attempts.current > 10 || revalidator.state !== "idle") return;
    const timer = setTimeout(() => {
      attempts.current++;
      revalidator.revalidate();
    }, attempts.current === 0 ? 0 : 400);
    return () => clearTimeout(timer);
  }, [ended, persisted, revalidator]);

  useEffect(() => {
    bottomRef.current?.scrollIntoView({ block: "end" });
  }, [shown.length, liveTurn?.reply.text.length]);

  async function onSend(message: string, model: string): Promise<boolean> {
    setCreateError(null);
    attempts.current = 0;
    let id = currentId;
    if (!id) {
      try {
        id = (await trpc.conversations.create.mutate({ model })).id;
      } catch (error) {
        setCreateError(error instanceof Error ? error.message : "Could not start a conversation.");
        return false;
      }
    }
    const pending = send(id, message, model);
    // Same route, new URL: this component stays mounted and the stream keeps going.
    if (!currentId) {
      creating.current = id;
      onConversationCreated(id);
    }
    const final = await pending;
    return final.status !== "refused";
  }

  const canChat = subscription.canUseModels && models.length > 0;
  const chartAfter = (index: number) => {
    const before = shown[index - 1];
    return before?.role === "user" && wantsUsageChart(before.content);
  };

  return (
    <>
      <header className="flex h-12 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
        <h1 className="truncate text-sm font-semibold text-slate-900">{conversation?.title ?? "New chat"}</h1>
        <div className="flex shrink-0 items-center gap-3">
          {conversation ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (streaming || !confirm("Delete this conversation? Its usage stays on your bill.")) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <button type="submit" className="text-sm text-slate-500 hover:text-red-600" aria-label="Delete this conversation">
                Delete
              </button>
            </Form>
          ) : null}
          <Link to="/app/chat" className="text-sm font-medium text-brand-600 hover:text-brand-700 md:hidden">
            + New
          </Link>
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl space-y-5 px-4 py-6" aria-live="polite" aria-busy={streaming}>
          {!canChat ? (
            <Alert tone="warning" title={subscription.suspended ? "Your account is suspended" : "You need an active subscription to chat"}>
              {subscription.suspended
                ? "Contact support to restore access."
                : subscription.planName
                  ? `Your ${subscription.planName} subscription is ${subscription.status.replace("_", " ")}. Update it to continue.`
                  : "Choose a plan; you pay a monthly base fee plus exactly the tokens you use."}{" "}
              <Link to="/app/plans" className="font-semibold underline">
                See plans
              </Link>
            </Alert>
          ) : null}
          {shown.length === 0 && !liveTurn && canChat ? (
            <div className="py-16 text-center">
              <p className="text-lg font-semibold text-slate-900">Start a conversation</p>
              <p className="mt-2 text-sm text-slate-500">Tokens and cost are counted live while the reply is written. Ask for “my usage chart” to see your last 30 days.</p>
            </div>
          ) : null}
          {shown.map((m, i) =>
            m.role === "user" ? (
              <UserMessage key={m.id} text={m.content} />
            ) : (
              <AssistantMessage
                key={m.id}
                text={m.content}
                status={(m.status as FinalStatus | null) ?? "completed"}
                ui={chart && chartAfter(i) ? [chart] : []}
                footer={m.usageEventId && usage[m.usageEventId] ? <UsageLine usage={usage[m.usageEventId]!} /> : null}
              />
            ),
          )}
          {liveTurn && !persisted ? (
            <>
              <UserMessage text={liveTurn.message} />
              {liveTurn.reply.status === "refused" ? (
                <Alert tone="danger" title="Not sent">
                  {liveTurn.reply.error?.message}
                </Alert>
              ) : (
                <AssistantMessage
                  text={liveTurn.reply.text}
                  status={liveTurn.reply.status}
                  streaming={streaming}
                  error={liveTurn.reply.error}
                  ui={liveTurn.reply.ui}
                  footer={liveTurn.reply.usage ? <UsageMeter usage={liveTurn.reply.usage} live={streaming} /> : null}
                />
              )}
            </>
          ) : null}
          {createError || actionData?.error ? <Alert tone="danger">{createError ?? actionData?.error}</Alert> : null}
          <div ref={bottomRef} />
        </div>
      </div>
      <div className="shrink-0 border-t border-slate-200 bg-slate-50 px-4 py-3">
        <div className="mx-auto max-w-3xl">
          {canChat ? (
            <Composer
              key={currentId ?? "new"}
              models={models}
              defaultModel={conversation?.model && models.some((m) => m.model === conversation.model) ? conversation.model : defaultModel}
              disabled={false}
              streaming={streaming}
              onSend={onSend}
              onStop={stop}
            />
          ) : (
            <Link to="/app/plans" className={buttonClass("primary", "w-full")}>
              Choose a plan to start chatting
            </Link>
          )}
        </div>
      </div>
    </>
  );
}
