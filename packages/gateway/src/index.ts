// Metered chat pipeline (shared by the chat UI and /v1)
export { runMeteredChat, startMeteredChat, type MeteredChatInput } from "./pipeline/run-metered-chat";
export { admitChat, type Admission, type AdmitInput } from "./pipeline/admit";
export { startAdmitted, streamAdmitted, MAX_REQUEST_MS, type ChatRun, type StreamOptions } from "./pipeline/stream-admitted";
export type { ChatDeps, ChatPart, ChatResult, ChatStatus, FinalUsage, LiveUsage, OnPart } from "./pipeline/types";
export { loadAccount, type Account } from "./pipeline/account";
export type { Lookups } from "./pipeline/lookups";
export { GatewayCaches, type VerifiedKey } from "./pipeline/gateway-caches";
export { TtlCache } from "./pipeline/ttl-cache";
export { GatewayError, isGatewayError, type GatewayErrorCode, type OpenAiErrorBody } from "./errors";

// Limits
export type { RateLimits, RateLimitState } from "./limits/rate-limit";
export { AdmissionLeases, defaultLeasePolicy, type LeasePolicy } from "./limits/admission-leases";
export { withdrawAdmission, releaseExpiredReservations, RESERVATION_TTL_MS } from "./limits/reservations";
export { recordDueSpendAlerts, recordSpendAlertIfDue, SOFT_ALERT_PCT } from "./limits/spend-alerts";

// OpenAI-compatible HTTP API
export { createV1Handler, type V1Options, type Authenticate } from "./http/handle-v1";
export { toNodeListener, type FetchHandler, type NodeListenerOptions } from "./http/node-adapter";
