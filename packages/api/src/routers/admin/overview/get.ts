import { sql } from "kysely";
import { iso } from "../../../lib/serialize";
import { adminProcedure } from "../../../trpc";
import { getOverviewInput } from "./overview.types";

/**
 * The operator's dashboard, all from the ledger and the outbox: revenue (usage cost and credits)
 * in the window, tokens by model, top customers, the share of aborted/failed/truncated requests,
 * and how far the outbox lags behind.
 */
export const get = adminProcedure.input(getOverviewInput).query(async ({ ctx, input }) => {
  const now = new Date();
  const from = input.from ? new Date(input.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = input.to ? new Date(input.to) : now;
  const inWindow = ctx.db.selectFrom("usage_events").where("occurred_at", ">=", from).where("occurred_at", "<", to);

  const [money, byModel, top, statuses, outbox] = await Promise.all([
    inWindow
      .select([
        sql<string>`coalesce(sum(cost_micros) filter (where kind <> 'credit'), 0)`.as("usage"),
        sql<string>`coalesce(sum(cost_micros) filter (where kind = 'credit'), 0)`.as("credits"),
      ])
      .executeTakeFirstOrThrow(),
    inWindow
      .select([
        "model",
        sql<string>`coalesce(sum(billed_input_tokens), 0)`.as("input"),
        sql<string>`coalesce(sum(billed_cached_input_tokens), 0)`.as("cached"),
        sql<string>`coalesce(sum(billed_output_tokens), 0)`.as("output"),
        sql<string>`coalesce(sum(cost_micros), 0)`.as("cost"),
      ])
      .where("kind", "<>", "credit")
      .groupBy("model")
      .orderBy(sql`sum(cost_micros)`, "desc")
      .execute(),
    inWindow
      .innerJoin("customers", "customers.id", "usage_events.customer_id")
      .select(["customers.id", "customers.name", "customers.email", sql<string>`coalesce(sum(usage_events.cost_micros), 0)`.as("cost")])
      .groupBy(["customers.id", "customers.name", "customers.email"])
      .orderBy(sql`sum(usage_events.cost_micros)`, "desc")
      .limit(input.topCustomers)
      .execute(),
    inWindow.select(["status", sql<string>`count(*)`.as("count")]).where("kind", "=", "usage").groupBy("status").execute(),
    ctx.db
      .selectFrom("meter_reports")
      .select(["status", sql<string>`count(*)`.as("count"), sql<Date | null>`min(created_at)`.as("oldest")])
      .where("status", "in", ["pending", "failed", "dead"])
      .groupBy("status")
      .execute(),
  ]);

  const requests = statuses.reduce((n, s) => n + Number(s.count), 0);
  const countOf = (status: string) => Number(statuses.find((s) => s.status === status)?.count ?? 0);
  const rate = (n: number) => (requests === 0 ? 0 : n / requests);
  const oldestUnsent = outbox
    .filter((o) => o.status !== "dead" && o.oldest)
    .map((o) => new Date(o.oldest as Date).getTime())
    .sort((a, b) => a - b)[0];
  return {
    from: iso(from),
    to: iso(to),
    revenue: { usageMicros: Number(money.usage), creditMicros: Number(money.credits), totalMicros: Number(money.usage) + Number(money.credits) },
    tokensByModel: byModel.map((m) => ({
      model: m.model,
      inputTokens: Number(m.input),
      cachedInputTokens: Number(m.cached),
      outputTokens: Number(m.output),
      costMicros: Number(m.cost),
    })),
    topCustomers: top.map((c) => ({ id: c.id, name: c.name, email: c.email, costMicros: Number(c.cost) })),
    requests: {
      total: requests,
      completed: countOf("completed"),
      aborted: countOf("aborted"),
      failed: countOf("failed"),
      truncated: countOf("truncated"),
      abortRate: rate(countOf("aborted")),
      errorRate: rate(countOf("failed")),
    },
    outbox: {
      pending: Number(outbox.find((o) => o.status === "pending")?.count ?? 0),
      failed: Number(outbox.find((o) => o.status === "failed")?.count ?? 0),
      dead: Number(outbox.find((o) => o.status === "dead")?.count ?? 0),
      /** Age of the oldest report not yet accepted by Stripe (dead ones excluded): the reporting lag. */
      lagSeconds: oldestUnsent === undefined ? 0 : Math.max(0, Math.round((now.getTime() - oldestUnsent) / 1000)),
    },
  };
});
