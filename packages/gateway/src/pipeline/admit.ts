import {
  applyContextPolicy,
  ContextLengthExceededError,
  countChatTokens,
  getModel,
  isKnownModel,
  maxCostMicros,
  validateMaxTokens,
  isMeteringError,
  type ChatMessage,
  type ModelSpec,
} from "@meterkit/metering";
import type { Plan } from "@meterkit/db";
import { randomUUID } from "node:crypto";
import { GatewayError } from "../errors";
import { adjustRateLimit, takeRateLimit, type RateLimitState } from "../limits/rate-limit";
import { releaseReservation, reserve } from "../limits/reservations";
import { assertAccountUsable, findRate, type Account, type PlanRate } from "./account";
import { parseChatRequest } from "./parse-request";
import { requestedMaxTokens, type ChatRequest } from "./request-schema";
import type { ChatDeps } from "./types";

/** Everything decided before the model is called; holding one means the request was admitted. */
export type Admission = {
  requestId: string;
  startedAt: Date;
  customerId: string;
  plan: Plan;
  rate: PlanRate;
  model: ModelSpec;
  request: ChatRequest;
  /** The messages sent upstream (after the plan's context policy). */
  messages: ChatMessage[];
  promptTokensSent: number;
  promptTokensEffective: number;
  droppedMessages: number;
  /** Completion budget passed upstream: never more than the reservation covers. */
  maxCompletionTokens: number;
  /** max_tokens as the caller gave it, if at all. */
  requestedMaxTokens: number | undefined;
  worstCaseMicros: number;
  reservationId: string | null;
  spendLimitMicros: number | null;
  /** Spent plus held by other requests when this one was admitted (0 without a limit). */
  committedMicrosAtAdmission: number;
  periodStart: Date;
  rateLimit: RateLimitState | null;
  userId: string | null;
  apiKeyId: string | null;
  conversationId: string | null;
};

export type AdmitInput = {
  account: Account;
  /** The decoded JSON body (validated here) or an already typed request. */
  body: unknown;
  userId?: string | null;
  apiKeyId?: string | null;
  conversationId?: string | null;
  requestId?: string;
};

/**
 * DESIGN §5 up to the upstream call: account → validation → model → prompt count → context
 * policy → rate limit → reservation. Throws GatewayError for every refusal; a refused request
 * leaves no ledger row and no held reservation.
 */
export async function admitChat(deps: ChatDeps, input: AdmitInput): Promise<Admission> {
  const plan = assertAccountUsable(input.account);
  const { request, messages } = parseChatRequest(input.body);
  const model = resolveModel(request.model);
  const rate = await (deps.lookups?.rate(plan.id, model.id) ?? findRate(deps.db, plan.id, model.id));
  if (!rate) throw modelNotFound(request.model);

  const requested = requestedMaxTokens(request);
  const maxTokens = meteringCall(() => validateMaxTokens(requested.value, model, { param: requested.param }));
  const policy = meteringCall(() =>
    applyContextPolicy({ messages, model, maxTokens, policy: plan.context_policy }),
  );
  const promptTokensSent = policy.sentTokens;
  const promptTokensEffective = policy.effectiveTokens;
  const billedPrompt = plan.bill_prompt_as === "effective" ? promptTokensEffective : promptTokensSent;
  const maxCompletionTokens = policy.completionBudget;
  const worstCaseMicros = maxCostMicros(billedPrompt, maxCompletionTokens, toMeteringRate(rate));

  const rateLimitKey = input.apiKeyId ? `key:${input.apiKeyId}` : `user:${input.userId ?? input.account.customerId}`;
  const limitTokens = promptTokensEffective + (maxTokens ?? 0);
  const requestId = input.requestId ?? `req_${randomUUID()}`;
  const spendLimitMicros = smallest(plan.hard_cap_micros, input.account.monthlyBudgetMicros);
  // Both checks run at once (each is its own round trip); whichever passes is undone if the other refuses.
  const [limitOutcome, heldOutcome] = await Promise.allSettled([
    takeRateLimit(deps.db, {
      key: rateLimitKey,
      tokens: limitTokens,
      limits: { requestsPerMinute: plan.requests_per_minute, tokensPerMinute: plan.tokens_per_minute },
    }),
    spendLimitMicros === null
      ? null
      : reserve(deps.db, {
          customerId: input.account.customerId,
          requestId,
          amountMicros: worstCaseMicros,
          limitMicros: spendLimitMicros,
          periodStart: input.account.periodStart,
        }),
  ]);
  if (limitOutcome.status === "rejected" || heldOutcome.status === "rejected") {
    if (heldOutcome.status === "fulfilled" && heldOutcome.value?.admitted) await releaseReservation(deps.db, requestId);
    throw limitOutcome.status === "rejected" ? limitOutcome.reason : (heldOutcome as PromiseRejectedResult).reason;
  }
  const limit = limitOutcome.value;
  const held = heldOutcome.value;
  if (held && !held.admitted) {
    // The refused request must not eat into the caller's rate limit either.
    if (limit.allowed && limit.bucket) {
      adjustRateLimit(deps.db, limit.bucket, { tokens: -limitTokens, requests: -1 }).catch((e: unknown) => deps.onBackgroundError?.(e, "rate limit refund"));
    }
    throw quotaExceeded(held.spentMicros, held.heldMicros, worstCaseMicros, spendLimitMicros ?? 0, limit);
  }
  if (!limit.allowed) {
    if (held?.admitted) await releaseReservation(deps.db, requestId);
    throw rateLimited(limit, request.model, limitTokens);
  }
  const reservationId = held?.admitted ? held.reservationId : null;
  const committedMicrosAtAdmission = held ? held.spentMicros + held.heldMicros : 0;

  return {
    requestId,
    startedAt: new Date(),
    customerId: input.account.customerId,
    plan,
    rate,
    model,
    request,
    messages: policy.messages,
    promptTokensSent,
    promptTokensEffective,
    droppedMessages: policy.dropped.count,
    maxCompletionTokens,
    requestedMaxTokens: maxTokens,
    worstCaseMicros,
    reservationId,
    spendLimitMicros,
    committedMicrosAtAdmission,
    periodStart: input.account.periodStart,
    rateLimit: limit,
    userId: input.userId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    conversationId: input.conversationId ?? null,
  };
}

export function toMeteringRate(rate: PlanRate) {
  return {
    version: rate.version,
    inputMicrosPerMTok: rate.inputMicrosPerMtok,
    cachedInputMicrosPerMTok: rate.cachedInputMicrosPerMtok,
    outputMicrosPerMTok: rate.outputMicrosPerMtok,
  };
}

function resolveModel(id: string): ModelSpec {
  if (!isKnownModel(id)) throw modelNotFound(id);
  return getModel(id);
}

function modelNotFound(id: string): GatewayError {
  return new GatewayError("model_not_found", `The model '${id}' does not exist or you do not have access to it.`, "model");
}

/** Metering's request errors carry OpenAI's code and param; they become 400s here. */
function meteringCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ContextLengthExceededError) throw new GatewayError("context_length_exceeded", error.message, error.param);
    if (isMeteringError(error)) throw new GatewayError("invalid_request", error.message, error.param);
    throw error;
  }
}

function smallest(...values: Array<number | null>): number | null {
  const set = values.filter((v): v is number => v !== null).map(Number);
  return set.length === 0 ? null : Math.min(...set);
}

function rateLimited(limit: RateLimitState & { exceeded?: "requests" | "tokens" }, model: string, requested: number): GatewayError {
  const which = limit.exceeded ?? "tokens";
  const message =
    which === "requests"
      ? `Rate limit reached for ${model} on requests per min (RPM): Limit ${limit.limits.requestsPerMinute}. Please try again in ${Math.ceil(limit.resetMs / 1000)}s.`
      : `Rate limit reached for ${model} on tokens per min (TPM): Limit ${limit.limits.tokensPerMinute}, Remaining ${limit.remainingTokens}, Requested ${requested}. Please try again in ${Math.ceil(limit.resetMs / 1000)}s.`;
  // A request larger than the whole per-minute budget will never pass; retrying cannot help.
  const hopeless = which === "tokens" && requested > limit.limits.tokensPerMinute;
  return new GatewayError("rate_limit_exceeded", message, null, {
    type: which,
    rateLimit: limit,
    headers: { "retry-after": String(Math.max(1, Math.ceil(limit.resetMs / 1000))), ...(hopeless ? { "x-should-retry": "false" } : {}) },
  });
}

/** Micros as dollars with cents, rounded up, without going through floats. */
function usd(micros: number): string {
  const cents = Math.ceil(micros / 10_000);
  return `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function quotaExceeded(spent: number, held: number, worstCase: number, limit: number, state: RateLimitState): GatewayError {
  return new GatewayError(
    "insufficient_quota",
    `You exceeded your current quota: this request could cost up to ${usd(worstCase)}, and ${usd(spent)} spent plus ` +
      `${usd(held)} in flight leaves less than that of your ${usd(limit)} limit this period. ` +
      "Raise your budget or lower max_tokens.",
    null,
    { rateLimit: state },
  );
}
