// Stripe client
export { createStripe, createSessionClient, type StripeClient } from "./stripe/client";
export { previewNextInvoice } from "./stripe/next-invoice";
export { parseStripeEnv, type StripeEnv } from "./stripe/env";
export { BillingError, type BillingErrorCode } from "./errors";

// Ledger
export { recordUsage, type RecordUsageInput, type RecordedUsage, type UsageStatus } from "./ledger/record-usage";
export { takeOffLease, type LeaseShare } from "./ledger/take-off-lease";
export { recordAdjustment, type RecordAdjustmentInput } from "./ledger/record-adjustment";
export { usageSummary, type UsageSummary, type ModelUsage, type Period } from "./ledger/usage-summary";
export { dailyUsage, type DailyUsageRow } from "./ledger/daily-usage";
export { billedTokens, billedForClass, type BilledTokens, type MeasuredTokens, type TokenClass, type BillPromptAs } from "./ledger/billed-tokens";
export { currentRate, type PlanRate } from "./ledger/current-rate";
export { costOfBilled } from "./ledger/cost";

// Plans → Stripe
export { syncPlanToStripe, activePlanPriceIds, pricesForNewSubscription, type PlanSyncResult } from "./plans/sync-plan";
export { meterEventName, ensureMeterRows } from "./plans/meters";

// Outbox
export { enqueueMeterReports, type EnqueueOptions } from "./outbox/enqueue";
export { sweepLedgerForReports, type SweepOptions } from "./outbox/sweep";
export { flushMeterReports, type FlushOptions, type FlushResult } from "./outbox/flush";
export { flushCustomerNow, scheduleCustomerFlush } from "./outbox/flush-customer";
export { runReporterCycle, type CycleOptions, type CycleResult } from "./outbox/cycle";
export { claimDueReports, type ClaimedReport } from "./outbox/claim";
export { reportIdentifier } from "./outbox/identifier";
export { classifySendError, type SendOutcome } from "./outbox/classify-error";
export { backoffDelayMs, defaultBackoff, type BackoffPolicy } from "./outbox/backoff";
export { requeueDeadReport } from "./outbox/requeue";
export { sendCreditTransfers, retryCreditTransfer, TRANSFER_METADATA_KEY, type SendCreditsOptions, type SendCreditsResult } from "./credits/send-transfers";
export { MICROS_PER_CENT } from "./credits/queue-transfer";
export { V2_BATCH_SIZE } from "./outbox/send-v2";

// Subscription state from Stripe (webhook and checkout return)
export { syncStripeCustomer, type SyncedCustomer } from "./sync-customer";
export { resyncEndedPeriods, ENDED_PERIOD_GRACE_MS } from "./resync-ended-periods";

// Checkpoints
export { recoverStaleCheckpoints, type RecoverOptions } from "./checkpoints/recover";

// Reconciliation
export { reconcile, type ReconcileInput, type ReconcileResult, type ReconcileLine } from "./reconcile/reconcile";
export { repairLine, type RepairResult } from "./reconcile/repair";

// Worker settings
export { parseBillingWorkerEnv, type BillingWorkerEnv } from "./worker-env";
