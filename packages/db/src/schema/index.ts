import type { ApiKeysTable } from "./api-keys.js";
import type { AuditLogTable } from "./audit-log.js";
import type { ConversationsTable, MessagesTable } from "./conversations.js";
import type { CustomersTable } from "./customers.js";
import type { MeterReportItemsTable, MeterReportsTable } from "./meter-reports.js";
import type { MetersTable } from "./meters.js";
import type { PlanPricesTable, PlanRatesTable, PlansTable } from "./plans.js";
import type { RateLimitBucketsTable } from "./rate-limit-buckets.js";
import type { ReconciliationLinesTable, ReconciliationRunsTable } from "./reconciliation.js";
import type { ReservationsTable } from "./reservations.js";
import type { SpendAlertsTable } from "./spend-alerts.js";
import type { StripeWebhookEventsTable } from "./stripe-webhook-events.js";
import type { UsageCheckpointsTable } from "./usage-checkpoints.js";
import type { UsageEventsTable } from "./usage-events.js";
import type { PasswordResetsTable, SessionsTable, UsersTable } from "./users.js";

/** Every table Meterkit owns, keyed by its Postgres name. */
export interface Database {
  customers: CustomersTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  plans: PlansTable;
  plan_rates: PlanRatesTable;
  plan_prices: PlanPricesTable;
  meters: MetersTable;
  api_keys: ApiKeysTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  usage_events: UsageEventsTable;
  usage_checkpoints: UsageCheckpointsTable;
  reservations: ReservationsTable;
  meter_reports: MeterReportsTable;
  meter_report_items: MeterReportItemsTable;
  reconciliation_runs: ReconciliationRunsTable;
  reconciliation_lines: ReconciliationLinesTable;
  audit_log: AuditLogTable;
  spend_alerts: SpendAlertsTable;
  rate_limit_buckets: RateLimitBucketsTable;
  stripe_webhook_events: StripeWebhookEventsTable;
}

export * from "./api-keys.js";
export * from "./audit-log.js";
export * from "./columns.js";
export * from "./conversations.js";
export * from "./customers.js";
export * from "./meter-reports.js";
export * from "./meters.js";
export * from "./plans.js";
export * from "./rate-limit-buckets.js";
export * from "./reconciliation.js";
export * from "./reservations.js";
export * from "./spend-alerts.js";
export * from "./stripe-webhook-events.js";
export * from "./usage-checkpoints.js";
export * from "./usage-events.js";
export * from "./users.js";
