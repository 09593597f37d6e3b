import { cursorTime, decodeCursor, exactTime, pageOf } from "../../../lib/cursor";
import { adminProcedure } from "../../../trpc";
import { findRunsInput } from "./reconciliation.types";
import { toRunView } from "./views";

export const findRuns = adminProcedure.input(findRunsInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = ctx.db.selectFrom("reconciliation_runs").selectAll().select(exactTime("created_at").as("cursor_at"));
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("created_at", "<", cursorTime(after)), eb.and([eb("created_at", "=", cursorTime(after)), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.cursor_at, id: r.id }));
  return { items: page.items.map(toRunView), nextCursor: page.nextCursor };
});
