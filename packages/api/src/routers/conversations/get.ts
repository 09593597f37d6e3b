import { sql } from "kysely";
import { protectedProcedure } from "../../trpc";
import { getConversationInput } from "./conversations.types";
import { conversationNotFound, ownedConversationQuery } from "./owned-conversation";
import { toConversationView, toMessageView } from "./to-view";

/** One conversation with its messages, oldest first. */
export const get = protectedProcedure.input(getConversationInput).query(async ({ ctx, input }) => {
  const conversation = await ownedConversationQuery(ctx.db, { customerId: ctx.customerId, userId: ctx.user.id }, input.id)
    .selectAll()
    .executeTakeFirst();
  if (!conversation) throw conversationNotFound();
  const messages = await ctx.db
    .selectFrom("messages")
    .selectAll()
    .where("conversation_id", "=", conversation.id)
    .orderBy("created_at")
    // Messages written in one transaction share created_at (now() is the transaction's start);
    // within a turn the prompt comes before the reply.
    .orderBy(sql`array_position(array['system','user','assistant','tool']::text[], role::text)`)
    .orderBy("id")
    .execute();
  return { conversation: toConversationView(conversation), messages: messages.map(toMessageView) };
});
