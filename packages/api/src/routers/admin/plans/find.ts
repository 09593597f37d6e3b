import { adminProcedure } from "../../../trpc";
import { planSnapshot } from "./plan-snapshot";

/** Every plan, archived and private ones included, newest first. */
export const find = adminProcedure.query(async ({ ctx }) => {
  const ids = await ctx.db.selectFrom("plans").select("id").orderBy("archived_at", "desc").orderBy("created_at", "desc").execute();
  return Promise.all(ids.map((p) => planSnapshot(ctx.db, p.id)));
});
