import { cursorTime, decodeCursor, exactTime, pageOf } from "../../../lib/cursor";
import { iso } from "../../../lib/serialize";
import { adminProcedure } from "../../../trpc";
import { findAuditInput } from "./audit.types";

/** The audit log, newest first; `action` matches a prefix (e.g. `customer.` for every customer action). */
export const find = adminProcedure.input(findAuditInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = ctx.db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select(["a.id", "a.actor_user_id", "u.email as actor_email", "a.action", "a.target_type", "a.target_id", "a.before", "a.after", "a.created_at", exactTime("a.created_at").as("cursor_at")]);
  if (input.action) query = query.where("a.action", "like", `${input.action.replace(/[\\%_]/g, "\\$&")}%`);
  if (input.targetType) query = query.where("a.target_type", "=", input.targetType);
  if (input.targetId) query = query.where("a.target_id", "=", input.targetId);
  if (input.actorUserId) query = query.where("a.actor_user_id", "=", input.actorUserId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("a.created_at", "<", cursorTime(after)), eb.and([eb("a.created_at", "=", cursorTime(after)), eb("a.id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("a.created_at", "desc").orderBy("a.id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.cursor_at, id: r.id }));
  return {
    items: page.items.map((r) => ({
      id: r.id,
      actorUserId: r.actor_user_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before,
      after: r.after,
      createdAt: iso(r.created_at),
    })),
    nextCursor: page.nextCursor,
  };
});
