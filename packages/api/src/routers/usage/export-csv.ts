import { protectedProcedure } from "../../trpc";
import { billingPeriod } from "./billing-period";
import { toCsv } from "./csv";
import { exportCsvInput } from "./usage.types";

/** Upper bound per export; a longer range is split by the caller (the form offers periods). */
const maxRows = 50_000;

const header = [
  "occurred_at", "request_id", "kind", "status", "model", "api_key_id", "conversation_id",
  "prompt_tokens_sent", "prompt_tokens_effective", "cached_prompt_tokens", "completion_tokens", "reasoning_tokens",
  "billed_input_tokens", "billed_cached_input_tokens", "billed_output_tokens", "cost_micros", "count_source", "note",
] as const;

/** The ledger events of a range (default: the current period) as CSV text, oldest first. */
export const exportCsv = protectedProcedure.input(exportCsvInput).query(async ({ ctx, input }) => {
  const { period } = await billingPeriod(ctx.db, ctx.customerId, "current");
  const from = input.from ? new Date(input.from) : period.start;
  const to = input.to ? new Date(input.to) : period.end;
  const rows = await ctx.db
    .selectFrom("usage_events")
    .selectAll()
    .where("customer_id", "=", ctx.customerId)
    .where("occurred_at", ">=", from)
    .where("occurred_at", "<", to)
    .orderBy("occurred_at")
    .orderBy("id")
    .limit(maxRows + 1)
    .execute();
  const csv = toCsv(
    header,
    rows.slice(0, maxRows).map((e) => [
      e.occurred_at.toISOString(), e.request_id, e.kind, e.status, e.model, e.api_key_id, e.conversation_id,
      e.prompt_tokens_sent, e.prompt_tokens_effective, e.cached_prompt_tokens, e.completion_tokens, e.reasoning_tokens,
      e.billed_input_tokens, e.billed_cached_input_tokens, e.billed_output_tokens, Number(e.cost_micros), e.count_source, e.note,
    ]),
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { filename: `usage-${day(from)}-to-${day(to)}.csv`, csv, rows: Math.min(rows.length, maxRows), truncated: rows.length > maxRows };
});
