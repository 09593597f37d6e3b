import type { StripeClient } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import type { LlmClient } from "@meterkit/llm";
import type { AdmissionLeases } from "../limits/admission-leases";
import type { Lookups } from "./lookups";

/** What a metered chat needs from the outside world. */
export type ChatDeps = {
  db: Db;
  llm: Pick<LlmClient, "streamChat">;
  /** Account and rate reads; defaults to uncached queries (createV1Handler passes cached ones). */
  lookups?: Lookups;
  /**
   * The process's admission leases (decision 116); without them every request is admitted by its
   * own statement. createV1Handler passes its caches' leases.
   */
  leases?: AdmissionLeases;
  /** Background work (checkpoints, alerts, flushes) reports failures here instead of throwing. */
  onBackgroundError?: (error: unknown, what: string) => void;
  /** For plans that flush immediately: their usage is sent to Stripe right after each reply (not awaited). */
  stripe?: StripeClient;
};

/** Usage of a reply so far; sent to the chat UI while it streams. */
export type LiveUsage = {
  /** The prompt tokens billed (sent or effective, per plan). */
  promptTokens: number;
  completionTokens: number;
  /** Cost so far in micros at the plan's rate (the final cost is computed once, by the ledger). */
  costMicros: number;
  contextWindow: number;
  /** (prompt that reached the model + completion so far) / context window, 0..1. */
  contextFill: number;
};

export type ChatStatus = "completed" | "aborted" | "failed" | "truncated";

export type FinalUsage = {
  promptTokens: number;
  promptTokensSent: number;
  promptTokensEffective: number;
  cachedPromptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costMicros: number;
};

/** A finished reply with its final counts and cost, as soon as the model is done. */
export type ChatReply = {
  requestId: string;
  status: ChatStatus;
  finishReason: string | null;
  text: string;
  /** The cost is the ledger's own computation (billing's costOfBilled at the admission's rate). */
  usage: FinalUsage;
  /** false when nothing is billed (the provider failed before doing any work, or nothing reached it). */
  billed: boolean;
  /** Oldest messages dropped by the plan's truncate policy. */
  droppedMessages: number;
  error: { code: string; message: string } | null;
};

/** The reply once its usage event is written. */
export type ChatResult = ChatReply & {
  /** null when nothing was billed, or the ledger write failed (the worker then bills the checkpoint). */
  usageEventId: string | null;
};

/** The typed parts a streaming caller receives, in order: text and usage interleaved, then done. */
export type ChatPart =
  | { type: "text"; delta: string }
  | { type: "usage"; usage: LiveUsage }
  | { type: "error"; code: string; message: string }
  | { type: "done"; result: ChatResult };

/** May return a promise to slow the stream down (backpressure from a slow client). */
export type OnPart = (part: ChatPart) => void | Promise<void>;
