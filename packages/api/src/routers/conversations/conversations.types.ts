import { z } from "zod";
import { idSchema, pageSchema } from "../../lib/ids";

const titleSchema = z
  .string({ error: "Enter a title." })
  .trim()
  .min(1, { error: "The title cannot be empty." })
  .max(200, { error: "The title must be at most 200 characters." });

export const findConversationsInput = pageSchema.default({ limit: 25 });
export const getConversationInput = z.object({ id: idSchema });
export const createConversationInput = z.object({
  model: z.string({ error: "Choose a model." }).trim().min(1, { error: "Choose a model." }).max(100),
  title: titleSchema.optional(),
});
export const updateConversationInput = z.object({ id: idSchema, title: titleSchema });
export const deleteConversationInput = z.object({ id: idSchema });

export interface ConversationView {
  id: string;
  title: string;
  model: string;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView {
  id: string;
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  status: string | null;
  usageEventId: string | null;
  createdAt: string;
}
