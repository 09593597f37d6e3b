import { decodeCursor, pageOf } from "../../../lib/cursor";
import { adminProcedure } from "../../../trpc";
import { findRunsInput } from "./reconciliation.types";
import { toRunView } from "./views";

export const findRuns = adminProcedure.input(findRunsInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = ctx.db.selectFrom("reconciliation_runs").selectAll();
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("created_at", "<", after.at), eb.and([eb("created_at", "=", after.at), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.created_at, id: r.id }));
  return { items: page.items.map(toRunView), nextCursor: page.nextCursor };
});
