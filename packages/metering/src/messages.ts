import { z } from "zod";

/** Roles a chat request may use. `developer` is the o-series name for a system message. */
export const chatRoles = ["system", "developer", "user", "assistant"] as const;
export type ChatRole = (typeof chatRoles)[number];

export const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });

/** One chat message as the OpenAI API accepts it (text only). Apps reuse it in their request schemas. */
export const chatMessageSchema = z.object({
  role: z.enum(chatRoles),
  content: z.union([z.string(), z.array(textPartSchema).min(1)]),
  name: z.string().min(1).max(64).optional(),
});

export const chatMessagesSchema = z.array(chatMessageSchema).min(1);

export type TextPart = z.infer<typeof textPartSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * The text the model reads for a message. Text parts are joined with nothing between them,
 * which is how the local demo model renders them too, so both sides count the same tokens.
 */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) text += part.text;
  return text;
}

/** Roles that are instructions rather than conversation: truncation never drops them. */
export function isInstructionRole(role: ChatRole): boolean {
  return role === "system" || role === "developer";
}
