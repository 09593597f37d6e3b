import { isGatewayError } from "@meterkit/gateway";

/** Why a chat message was not sent to the model; nothing was billed and nothing was stored. */
export class ChatRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ChatRefusal";
  }
}

/** The gateway's refusals (no subscription, rate limit, cap, context too long...) keep their status and code. */
export function toChatRefusal(error: unknown): ChatRefusal | null {
  if (error instanceof ChatRefusal) return error;
  if (isGatewayError(error)) return new ChatRefusal(error.status, error.code, error.message);
  return null;
}
