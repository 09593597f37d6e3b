import type { Conversation, Message } from "@meterkit/db";
import { iso } from "../../lib/serialize";
import type { ConversationView, MessageView } from "./conversations.types";

export function toConversationView(row: Conversation): ConversationView {
  return { id: row.id, title: row.title, model: row.model, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
}

export function toMessageView(row: Message): MessageView {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    status: row.status,
    usageEventId: row.usage_event_id,
    createdAt: iso(row.created_at),
  };
}
