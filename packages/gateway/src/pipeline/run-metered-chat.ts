import { GatewayError } from "../errors";
import { loadAccount, type Account } from "./account";
import { admitChat } from "./admit";
import { startAdmitted, type ChatRun, type StreamOptions } from "./stream-admitted";
import type { ChatDeps, ChatResult } from "./types";

export type MeteredChatInput = StreamOptions & {
  /** The customer paying; pass `account` instead when it is already loaded. */
  customerId?: string;
  account?: Account;
  userId?: string | null;
  apiKeyId?: string | null;
  conversationId?: string | null;
  /** OpenAI's request body: model, messages, max_tokens, ... (validated here). */
  request: unknown;
  requestId?: string;
};

/**
 * Admits a chat request and starts the metered reply. Refusals (no subscription, bad input,
 * unknown model, context too long, rate limit, cap) throw GatewayError before anything is
 * billed; once it returns, the reply streams through `onPart` and `live()` tells the usage so
 * far. `result` resolves after the usage event is written and never rejects for model failures
 * (they end the run with status 'failed' or 'aborted').
 */
export async function startMeteredChat(deps: ChatDeps, input: MeteredChatInput): Promise<ChatRun> {
  const load = (id: string) => deps.lookups?.account(id) ?? loadAccount(deps.db, id);
  const account = input.account ?? (input.customerId ? await load(input.customerId) : null);
  if (!account) throw new GatewayError("invalid_request", "Unknown customer.");
  const admission = await admitChat(deps, {
    account,
    body: input.request,
    userId: input.userId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    conversationId: input.conversationId ?? null,
    ...(input.requestId ? { requestId: input.requestId } : {}),
  });
  return startAdmitted(deps, admission, input);
}

/** startMeteredChat, awaited to the end: the simplest call for the chat UI's server side. */
export async function runMeteredChat(deps: ChatDeps, input: MeteredChatInput): Promise<ChatResult> {
  const run = await startMeteredChat(deps, input);
  return run.result;
}
