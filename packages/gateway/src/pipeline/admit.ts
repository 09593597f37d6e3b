import type { LeaseShare } from "@meterkit/billing";
import type { Plan } from "@meterkit/db";
import {
  applyContextPolicy,
  getModel,
  isKnownModel,
  maxCostMicros,
  validateMaxTokens,
  type ChatMessage,
  type ModelSpec,
  type Rate,
} from "@meterkit/metering";
import { randomUUID } from "node:crypto";
import { takeAdmissionLimits } from "../limits/admission-limits";
import type { RateLimitState } from "../limits/rate-limit";
import { writeFirstCheckpoint } from "./write-checkpoint";
import { assertAccountUsable, findRate, type Account, type PlanRate } from "./account";
import { parseChatRequest } from "./parse-request";
import { asRequestError, modelNotFound } from "./refusals";
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
  /** Set when a lease with money admitted the request (decision 116): it settles against that. */
  lease: LeaseShare | null;
  /**
   * The first checkpoint, when admission did not write it in its own statement (a lease
   * admitted the request): written while the model starts, awaited before anything is billed or
   * replied. Never rejects; a failure goes to onBackgroundError.
   */
  checkpointWritten: Promise<void> | null;
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
  if (!isKnownModel(request.model)) throw modelNotFound(request.model);
  const model = getModel(request.model);
  const rate = await (deps.lookups?.rate(plan.id, model.id) ?? findRate(deps.db, plan.id, model.id));
  if (!rate) throw modelNotFound(request.model);

  const requested = requestedMaxTokens(request);
  const maxTokens = asRequestError(() => validateMaxTokens(requested.value, model, { param: requested.param }));
  const policy = asRequestError(() => applyContextPolicy({ messages, model, maxTokens, policy: plan.context_policy }));
  const billedPrompt = plan.bill_prompt_as === "effective" ? policy.effectiveTokens : policy.sentTokens;
  const worstCaseMicros = maxCostMicros(billedPrompt, policy.completionBudget, toMeteringRate(rate));
  const requestId = input.requestId ?? `req_${randomUUID()}`;
  const spendLimitMicros = smallest(plan.hard_cap_micros, input.account.monthlyBudgetMicros);
  // Which of the two binds decides what a refused caller is told to change.
  const spendLimitSource = spendLimitMicros !== null && spendLimitMicros === input.account.monthlyBudgetMicros ? "budget" : "plan";
  const startedAt = new Date();

  const checkpoint = {
    userId: input.userId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    conversationId: input.conversationId ?? null,
    model: model.id,
    planId: plan.id,
    billedPromptTokens: billedPrompt,
    startedAt,
  };
  const limits = await takeAdmissionLimits(deps.db, {
    requestId,
    customerId: input.account.customerId,
    model: request.model,
    rateLimitKey: input.apiKeyId ? `key:${input.apiKeyId}` : `user:${input.userId ?? input.account.customerId}`,
    rateLimits: { requestsPerMinute: plan.requests_per_minute, tokensPerMinute: plan.tokens_per_minute },
    // Like OpenAI: the prompt plus max_tokens when given; corrected to the real size after the reply.
    rateLimitTokens: policy.effectiveTokens + (maxTokens ?? 0),
    worstCaseMicros,
    spendLimitMicros,
    spendLimitSource,
    periodStart: input.account.periodStart,
    checkpoint,
  }, deps.leases);
  const checkpointWritten = limits.checkpointed
    ? null
    : writeFirstCheckpoint(deps.db, requestId, input.account.customerId, checkpoint).catch((error: unknown) =>
        deps.onBackgroundError?.(error, "first checkpoint"),
      );

  return {
    requestId,
    startedAt,
    customerId: input.account.customerId,
    plan,
    rate,
    model,
    request,
    messages: policy.messages,
    promptTokensSent: policy.sentTokens,
    promptTokensEffective: policy.effectiveTokens,
    droppedMessages: policy.dropped.count,
    maxCompletionTokens: policy.completionBudget,
    requestedMaxTokens: maxTokens,
    worstCaseMicros,
    reservationId: limits.reservationId,
    lease: limits.lease?.reservationId ? { reservationId: limits.lease.reservationId, reservedMicros: worstCaseMicros } : null,
    checkpointWritten,
    spendLimitMicros,
    committedMicrosAtAdmission: limits.committedMicros,
    periodStart: input.account.periodStart,
    rateLimit: limits.rateLimit,
    userId: input.userId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    conversationId: input.conversationId ?? null,
  };
}

/** Whose request this is, as the ledger and the checkpoints record it. */
export function requestOwner(admission: Admission) {
  return {
    requestId: admission.requestId,
    customerId: admission.customerId,
    userId: admission.userId,
    apiKeyId: admission.apiKeyId,
    conversationId: admission.conversationId,
    model: admission.model.id,
    planId: admission.plan.id,
    startedAt: admission.startedAt,
  };
}

export function toMeteringRate(rate: PlanRate): Rate {
  return {
    version: rate.version,
    inputMicrosPerMTok: rate.inputMicrosPerMtok,
    cachedInputMicrosPerMTok: rate.cachedInputMicrosPerMtok,
    outputMicrosPerMTok: rate.outputMicrosPerMtok,
  };
}

function smallest(...values: Array<number | null>): number | null {
  const set = values.filter((v): v is number => v !== null);
  return set.length === 0 ? null : Math.min(...set);
}
