import type { Db } from "../../context";
import { AppError } from "../../errors";

/**
 * Conversations belong to the user who started them, inside their customer. Another tenant's id
 * (or another user's) is answered exactly like an id that does not exist.
 */
export function ownedConversationQuery(db: Db, scope: { customerId: string; userId: string }, id: string) {
  return db
    .selectFrom("conversations")
    .where("id", "=", id)
    .where("customer_id", "=", scope.customerId)
    .where("user_id", "=", scope.userId);
}

export const conversationNotFound = () => new AppError("NOT_FOUND", "Conversation not found.");
