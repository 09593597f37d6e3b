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
  const [users, apiKeys, summary, recentEvents, outbox, credits, waiting] = await Promise.all([
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
    // Usage of this period not in the outbox yet: a batched plan's events wait for their batch,
    // and an "all sent" outbox alone would say nothing is owed to Stripe.
    ctx.db
      .selectFrom("usage_events as e")
      .select((eb) => eb.fn.countAll<string>().as("events"))
      .where("e.customer_id", "=", input.id)
      .where("e.kind", "in", ["usage", "adjustment"])
      .where("e.occurred_at", ">=", period.start)
      .where((eb) => eb.or([eb("e.billed_input_tokens", "<>", 0), eb("e.billed_cached_input_tokens", "<>", 0), eb("e.billed_output_tokens", "<>", 0)]))
      .where((eb) => eb.not(eb.exists(eb.selectFrom("meter_report_items as i").select("i.usage_event_id").whereRef("i.usage_event_id", "=", "e.id"))))
      .executeTakeFirstOrThrow(),
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
    /** Usage events of this period not yet turned into meter reports (waiting for the plan's batch). */
    unreportedEvents: Number(waiting.events),
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
