import { adminProcedure } from "../../../trpc";

/** The admins who appear in the audit log, for the portal's "who" filter. */
export const findActors = adminProcedure.query(async ({ ctx }) => {
  const rows = await ctx.db
    .selectFrom("users as u")
    .select(["u.id", "u.email"])
    .where((eb) => eb.exists(eb.selectFrom("audit_log as a").select("a.id").whereRef("a.actor_user_id", "=", "u.id")))
    .orderBy("u.email")
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email }));
});
