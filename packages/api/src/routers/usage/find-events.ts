import { cursorTime, decodeCursor, exactTime, pageOf } from "../../lib/cursor";
import { protectedProcedure } from "../../trpc";
import { toUsageEventView } from "./event-view";
import { findEventsInput } from "./usage.types";

/** The customer's ledger events, newest first. */
export const findEvents = protectedProcedure.input(findEventsInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = ctx.db.selectFrom("usage_events").selectAll().select(exactTime("occurred_at").as("cursor_at")).where("customer_id", "=", ctx.customerId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("occurred_at", "<", cursorTime(after)), eb.and([eb("occurred_at", "=", cursorTime(after)), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("occurred_at", "desc").orderBy("id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.cursor_at, id: r.id }));
  return { items: page.items.map(toUsageEventView), nextCursor: page.nextCursor };
});
