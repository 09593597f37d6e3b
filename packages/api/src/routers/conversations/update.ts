import { protectedProcedure } from "../../trpc";
import { updateConversationInput } from "./conversations.types";
import { conversationNotFound } from "./owned-conversation";
import { toConversationView } from "./to-view";

/** Renames a conversation. */
export const update = protectedProcedure.input(updateConversationInput).mutation(async ({ ctx, input }) => {
  const row = await ctx.db
    .updateTable("conversations")
    .set({ title: input.title, updated_at: new Date() })
    .where("id", "=", input.id)
    .where("customer_id", "=", ctx.customerId)
    .where("user_id", "=", ctx.user.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw conversationNotFound();
  return toConversationView(row);
});
