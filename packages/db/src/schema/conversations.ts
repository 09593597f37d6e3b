import type { Insertable, Selectable, Updateable } from "kysely";
import type { CreatedAt, Id, UpdatedAt } from "./columns.js";

export const messageRoles = ["system", "user", "assistant", "tool"] as const;
export type MessageRole = (typeof messageRoles)[number];
export const messageStatuses = ["pending", "streaming", "completed", "aborted", "failed", "truncated"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export interface ConversationsTable {
  id: Id;
  customer_id: string;
  user_id: string;
  title: string;
  model: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MessagesTable {
  id: Id;
  conversation_id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus | null;
  usage_event_id: string | null;
  created_at: CreatedAt;
}

export type Conversation = Selectable<ConversationsTable>;
export type NewConversation = Insertable<ConversationsTable>;
export type ConversationUpdate = Updateable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type MessageUpdate = Updateable<MessagesTable>;
