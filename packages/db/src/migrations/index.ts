import type { Migration } from "kysely";
import * as plansAndMeters from "./2026_11_27_0001_plans_and_meters.js";
import * as customersAndAuth from "./2026_11_27_0002_customers_and_auth.js";
import * as usageLedger from "./2026_11_27_0003_usage_ledger.js";
import * as conversations from "./2026_11_27_0004_conversations.js";
import * as stripeOutbox from "./2026_11_27_0005_stripe_outbox.js";
import * as operations from "./2026_11_27_0006_operations.js";
import * as outboxLeases from "./2026_11_27_0060_outbox_leases.js";
import * as reserveSpend from "./2026_11_27_0080_reserve_spend.js";
import * as spendByHour from "./2026_11_27_0090_spend_by_hour.js";
import * as cacheChangeNotices from "./2026_11_27_0100_cache_change_notices.js";
import * as takeAdmission from "./2026_11_27_0110_take_admission.js";
import * as spendSinceCachedPlans from "./2026_11_27_0120_spend_since_cached_plans.js";
import * as admissionLeases from "./2026_11_27_0130_admission_leases.js";
import * as churnTablesStorage from "./2026_11_27_0140_churn_tables_storage.js";
import * as usageEventsByMonth from "./2026_11_27_0150_usage_events_by_month.js";
import * as usageEventsCreatedIndex from "./2026_11_27_0160_usage_events_created_index.js";
import * as reconciliationUnexplained from "./2026_11_27_0170_reconciliation_unexplained.js";
import * as partitionsInUtc from "./2026_11_27_0180_partitions_in_utc.js";
import * as creditTransfers from "./2026_11_27_0190_credit_transfers.js";

/**
 * Every migration, listed explicitly (no directory scanning), so bundlers and tsx see them and
 * the order is reviewable. Names sort in the order they must run; add new files at the end.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_27_0001_plans_and_meters": plansAndMeters,
  "2026_11_27_0002_customers_and_auth": customersAndAuth,
  "2026_11_27_0003_usage_ledger": usageLedger,
  "2026_11_27_0004_conversations": conversations,
  "2026_11_27_0005_stripe_outbox": stripeOutbox,
  "2026_11_27_0006_operations": operations,
  "2026_11_27_0060_outbox_leases": outboxLeases,
  "2026_11_27_0080_reserve_spend": reserveSpend,
  "2026_11_27_0090_spend_by_hour": spendByHour,
  "2026_11_27_0100_cache_change_notices": cacheChangeNotices,
  "2026_11_27_0110_take_admission": takeAdmission,
  "2026_11_27_0120_spend_since_cached_plans": spendSinceCachedPlans,
  "2026_11_27_0130_admission_leases": admissionLeases,
  "2026_11_27_0140_churn_tables_storage": churnTablesStorage,
  "2026_11_27_0150_usage_events_by_month": usageEventsByMonth,
  "2026_11_27_0160_usage_events_created_index": usageEventsCreatedIndex,
  "2026_11_27_0170_reconciliation_unexplained": reconciliationUnexplained,
  "2026_11_27_0180_partitions_in_utc": partitionsInUtc,
  "2026_11_27_0190_credit_transfers": creditTransfers,
};
