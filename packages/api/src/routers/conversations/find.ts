import { cursorTime, decodeCursor, exactTime, pageOf } from "../../lib/cursor";
import { protectedProcedure } from "../../trpc";
import { findConversationsInput } from "./conversations.types";
import { toConversationView } from "./to-view";

/** The user's conversations, most recently active first. */
export const find = protectedProcedure.input(findConversationsInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = ctx.db
    .selectFrom("conversations")
    .selectAll()
    .select(exactTime("updated_at").as("cursor_at"))
    .where("customer_id", "=", ctx.customerId)
    .where("user_id", "=", ctx.user.id);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("updated_at", "<", cursorTime(after)), eb.and([eb("updated_at", "=", cursorTime(after)), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("updated_at", "desc").orderBy("id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.cursor_at, id: r.id }));
  return { items: page.items.map(toConversationView), nextCursor: page.nextCursor };
});
