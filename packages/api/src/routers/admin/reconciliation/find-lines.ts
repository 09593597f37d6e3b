import { sql } from "kysely";
import { AppError } from "../../../errors";
import { adminProcedure } from "../../../trpc";
import { findLinesInput } from "./reconciliation.types";
import { linesQuery, toLineView, toRunView } from "./views";

/** A run and its lines, biggest unexplained difference first. */
export const findLines = adminProcedure.input(findLinesInput).query(async ({ ctx, input }) => {
  const run = await ctx.db.selectFrom("reconciliation_runs").selectAll().where("id", "=", input.runId).executeTakeFirst();
  if (!run) throw new AppError("NOT_FOUND", "Reconciliation run not found.");
  let query = linesQuery(ctx.db).where("l.run_id", "=", input.runId);
  if (input.onlyMismatched) query = query.where("l.unexplained_value", "<>", 0);
  const lines = await query.orderBy(sql`abs(l.unexplained_value)`, "desc").orderBy("l.id").execute();
  return { run: toRunView(run), lines: lines.map(toLineView) };
});
