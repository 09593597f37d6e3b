import { protectedProcedure } from "../../trpc";
import { createConversationInput } from "./conversations.types";
import { assertModelAllowed } from "./model-allowed";
import { toConversationView } from "./to-view";

export const create = protectedProcedure.input(createConversationInput).mutation(async ({ ctx, input }) => {
  await assertModelAllowed(ctx.db, ctx.customerId, input.model);
  const row = await ctx.db
    .insertInto("conversations")
    .values({ customer_id: ctx.customerId, user_id: ctx.user.id, model: input.model, title: input.title ?? "New chat" })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConversationView(row);
});
