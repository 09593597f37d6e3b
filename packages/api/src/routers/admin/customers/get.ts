import { usageSummary } from "@meterkit/billing";
import { iso } from "../../../lib/serialize";
import { adminProcedure } from "../../../trpc";
import { toApiKeyView } from "../../api-keys/to-view";
import { billingPeriod } from "../../usage/billing-period";
import { toUsageEventView } from "../../usage/event-view";
import { customerSnapshot } from "./customer-snapshot";
import { customerIdInput } from "./customers.types";

/** Everything support needs on one customer: account, users, keys, this period's usage, outbox. */
export const get = adminProcedure.input(customerIdInput).query(async ({ ctx, input }) => {
  const customer = await customerSnapshot(ctx.db, input.id);
  const { period } = await billingPeriod(ctx.db, input.id, "current");
  const [users, apiKeys, summary, recentEvents, outbox, credits] = await Promise.all([
    ctx.db.selectFrom("users").select(["id", "email", "role", "created_at"]).where("customer_id", "=", input.id).orderBy("created_at").execute(),
    ctx.db.selectFrom("api_keys").selectAll().where("customer_id", "=", input.id).orderBy("created_at", "desc").execute(),
    usageSummary(ctx.db, input.id, period),
    ctx.db.selectFrom("usage_events").selectAll().where("customer_id", "=", input.id).orderBy("occurred_at", "desc").limit(20).execute(),
    ctx.db
      .selectFrom("meter_reports")
      .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
      .where("customer_id", "=", input.id)
      .groupBy("status")
      .execute(),
    ctx.db
      .selectFrom("credit_transfers")
      .select(["id", "amount_cents", "currency", "description", "status", "attempts", "last_error", "stripe_transaction_id", "created_at", "sent_at"])
      .where("customer_id", "=", input.id)
      .orderBy("created_at", "desc")
      .limit(20)
      .execute(),
  ]);
  return {
    customer,
    users: users.map((u) => ({ id: u.id, email: u.email, role: u.role, createdAt: iso(u.created_at) })),
    apiKeys: apiKeys.map(toApiKeyView),
    usage: {
      periodStart: iso(period.start),
      periodEnd: iso(period.end),
      models: summary.models,
      usageMicros: summary.usageMicros,
      creditMicros: summary.creditMicros,
      totalMicros: summary.totalMicros,
    },
    recentEvents: recentEvents.map(toUsageEventView),
    outbox: Object.fromEntries(outbox.map((o) => [o.status, Number(o.count)])),
    // Credits as they stand in Stripe: a credit lowers the invoice only once it is sent.
    credits: credits.map((c) => ({
      id: c.id,
      amountCents: Number(c.amount_cents),
      currency: c.currency,
      description: c.description,
      status: c.status,
      attempts: c.attempts,
      lastError: c.last_error,
      stripeTransactionId: c.stripe_transaction_id,
      createdAt: iso(c.created_at),
      sentAt: c.sent_at ? iso(c.sent_at) : null,
    })),
  };
});
