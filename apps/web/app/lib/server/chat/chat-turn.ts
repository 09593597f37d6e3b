import { randomUUID } from "node:crypto";
import type { StripeClient } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import { startMeteredChat, type ChatPart, type ChatResult, type Lookups } from "@meterkit/gateway";
import type { LlmClient } from "@meterkit/llm";
import { z } from "zod";
import type { UiComponent } from "~/lib/stream-parts";
import { ChatRefusal, toChatRefusal } from "./refusal";

export interface ChatTurnDeps {
  db: Db;
  llm: Pick<LlmClient, "streamChat">;
  stripe?: StripeClient | undefined;
  /** Builds the UI components a reply carries (the usage chart), after its usage is in the ledger. */
  uiFor?: (message: string) => Promise<UiComponent[]>;
  /** The account and the plan's rates, possibly remembered for a moment (decision 082); read fresh when absent. */
  lookups?: Lookups;
}

export interface ChatTurnInput {
  customerId: string;
  userId: string;
  conversationId: string;
  message: unknown;
  /** Switches the conversation to this model from this message on; the plan must include it. */
  model?: unknown;
  signal: AbortSignal;
  /** The conversation and its history, when the caller started reading them already (loadConversation). */
  loaded?: Promise<LoadedConversation | null>;
  /** Text deltas, live usage and errors as the gateway produces them (its own `done` is not passed on). */
  onPart?: (part: Exclude<ChatPart, { type: "done" }>) => void;
}

export interface FinishedTurn {
  result: ChatResult;
  /** The stored assistant message. */
  messageId: string;
  ui: UiComponent[];
}

export interface ChatTurn {
  requestId: string;
  conversationId: string;
  model: string;
  userMessageId: string;
  /** Resolves once the usage event and the assistant message are stored; never rejects for model failures. */
  finished: Promise<FinishedTurn>;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const turnInput = z.object({
  message: z
    .string()
    .trim()
    .min(1, { error: "Write a message first." })
    .max(100_000, { error: "The message is too long (100,000 characters at most)." })
    // Postgres refuses NUL in text, and the message is stored after the reply is billed.
    .refine((message) => !message.includes("\u0000"), { error: "The message contains a NUL character; remove it and send again." }),
  model: z.string().trim().min(1).max(100).optional(),
});

/**
 * One chat turn: admission through the gateway's metered pipeline (every refusal throws a
 * ChatRefusal before anything is stored or billed), then the user message is stored while the
 * reply already streams through `onPart`, and at the end (after the user message) the assistant
 * message is stored with its status and ledger event. Nothing here touches the database per token.
 */
export async function startChatTurn(deps: ChatTurnDeps, input: ChatTurnInput): Promise<ChatTurn> {
  const parsed = turnInput.safeParse({ message: input.message, model: input.model || undefined });
  if (!parsed.success) throw new ChatRefusal(400, "invalid_request", parsed.error.issues[0]?.message ?? "Invalid message.");
  const { message } = parsed.data;

  const loaded = await (input.loaded ?? loadConversation(deps.db, input.conversationId));
  // The read is by id only (so it can run beside the session lookup); ownership is checked here,
  // before anything of it is used, and another user's conversation answers like a missing one.
  // The id is compared too, so a prefetched read of some other conversation can never stand in.
  const conversation = loaded?.conversation;
  const owned = conversation?.id === input.conversationId && conversation.customer_id === input.customerId && conversation.user_id === input.userId;
  if (!conversation || !owned) {
    throw new ChatRefusal(404, "not_found", "Conversation not found.");
  }
  const history = loaded.history;
  const model = parsed.data.model ?? conversation.model;

  let run;
  try {
    run = await startMeteredChat(
      { db: deps.db, llm: deps.llm, stripe: deps.stripe, lookups: deps.lookups, onBackgroundError: (error, what) => console.error(`[chat] ${what}:`, error) },
      {
        customerId: input.customerId,
        userId: input.userId,
        conversationId: conversation.id,
        request: { model, stream: true, messages: [...history.map((m) => ({ role: m.role, content: m.content })), { role: "user", content: message }] },
        signal: input.signal,
        onPart: (part) => {
          if (part.type !== "done") input.onPart?.(part);
        },
      },
    );
  } catch (error) {
    throw toChatRefusal(error) ?? error;
  }

  // Admitted: the upstream call is already running, so the user message is stored beside it
  // rather than before the first token. Its id is chosen here so `start` can name it at once; the
  // assistant message is written only after it, so the conversation keeps its order.
  const userMessageId = randomUUID();
  // One statement (a data-modifying CTE), so the message and the conversation's touch are atomic
  // without the round trips of BEGIN and COMMIT.
  const userMessage = deps.db
    .with("stored", (qb) => qb.insertInto("messages").values({ id: userMessageId, conversation_id: conversation.id, role: "user", content: message }))
    .updateTable("conversations")
    .set({ model, updated_at: new Date(), ...(history.length === 0 && conversation.title === "New chat" ? { title: titleFrom(message) } : {}) })
    .where("id", "=", conversation.id)
    .execute();
  // Seen here so a failed insert is not an unhandled rejection before the reply ends; `finished` reports it.
  userMessage.catch(() => {});

  const finished = run.result.then(async (result): Promise<FinishedTurn> => {
    await userMessage;
    // The reply is billed already: store it before anything optional, and in a form Postgres
    // takes. A model may send NUL, which text columns refuse; it is kept as U+FFFD.
    const stored = await deps.db
      .with("touched", (qb) => qb.updateTable("conversations").set({ updated_at: new Date() }).where("id", "=", conversation.id))
      .insertInto("messages")
      .values({ conversation_id: conversation.id, role: "assistant", content: storableText(result.text), status: result.status, usage_event_id: result.usageEventId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ui = result.status === "completed" || result.status === "truncated" ? await optionalUi(deps, message) : [];
    return { result, messageId: stored.id, ui };
  });

  return { requestId: run.requestId, conversationId: conversation.id, model, userMessageId, finished };
}

export type LoadedConversation = Awaited<ReturnType<typeof readConversation>>;

/**
 * A conversation and its history by id alone, whoever owns it: the chat stream route starts this
 * beside the session lookup, and startChatTurn checks the owner before using any of it.
 * Null for an id that is not a UUID (Postgres would refuse it).
 */
export function loadConversation(db: Db, conversationId: string): Promise<LoadedConversation | null> {
  return uuid.test(conversationId) ? readConversation(db, conversationId) : Promise.resolve(null);
}

async function readConversation(db: Db, conversationId: string) {
  const [conversation, history] = await Promise.all([
    db.selectFrom("conversations").select(["id", "customer_id", "user_id", "model", "title"]).where("id", "=", conversationId).executeTakeFirst(),
    db
      .selectFrom("messages")
      .select(["role", "content"])
      .where("conversation_id", "=", conversationId)
      .where("role", "in", ["user", "assistant"])
      .where("content", "!=", "")
      .orderBy("created_at")
      .orderBy((eb) => eb.case().when("role", "=", "user").then(0).else(1).end())
      .orderBy("id")
      .execute(),
  ]);
  return { conversation, history };
}

/** The first line of the first message, shortened on a word boundary. */
export function titleFrom(message: string): string {
  const line = message.trim().split("\n")[0]!.replace(/\s+/g, " ");
  if (line.length <= 60) return line;
  const cut = line.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 30 ? cut.lastIndexOf(" ") : 60)}…`;
}

function storableText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

/** A UI part (the usage chart) is extra: failing to build one must not fail a stored, billed reply. */
async function optionalUi(deps: ChatTurnDeps, message: string) {
  try {
    return (await deps.uiFor?.(message)) ?? [];
  } catch (error) {
    console.error("chat: could not build the reply's UI part", error);
    return [];
  }
}
