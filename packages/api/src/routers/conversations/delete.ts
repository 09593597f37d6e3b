import { protectedProcedure } from "../../trpc";
import { deleteConversationInput } from "./conversations.types";
import { conversationNotFound } from "./owned-conversation";

/**
 * Deletes the conversation and its messages. The usage events of its requests stay in the
 * ledger (conversation_id there is deliberately not a foreign key), so the bill is unchanged.
 */
export const deleteConversation = protectedProcedure.input(deleteConversationInput).mutation(async ({ ctx, input }) => {
  await ctx.db.transaction().execute(async (trx) => {
    const owned = await trx
      .selectFrom("conversations")
      .select("id")
      .where("id", "=", input.id)
      .where("customer_id", "=", ctx.customerId)
      .where("user_id", "=", ctx.user.id)
      .forUpdate()
      .executeTakeFirst();
    if (!owned) throw conversationNotFound();
    await trx.deleteFrom("messages").where("conversation_id", "=", owned.id).execute();
    await trx.deleteFrom("conversations").where("id", "=", owned.id).execute();
  });
  return { id: input.id, deleted: true as const };
});
