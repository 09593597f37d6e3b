/**
 * Token counting for the demo model, which speaks o200k_base like gpt-4o.
 *
 * Deliberately independent of the metering package: the demo model plays the provider, and
 * tests compare the ledger's counts with the usage it reports. Sharing one implementation
 * would make that comparison circular. The chat rule below is OpenAI's published one.
 */
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";

// Text that merely looks like a special token ("<|endoftext|>") is plain text to the API.
const plainText = { disallowedSpecial: new Set<string>() };

export type CountableMessage = { role: string; content: string; name?: string };

// Every message costs <|start|>{role}<|message|> ... <|end|> = 3 tokens around role and content.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
// The reply is primed with <|start|>assistant<|message|>.
const TOKENS_REPLY_PRIMING = 3;

export function encodeText(text: string): number[] {
  return encode(text, plainText);
}

export function decodeTokens(tokens: readonly number[]): string {
  return decode(tokens);
}

export function countTokens(text: string): number {
  return encodeText(text).length;
}

export function countChatTokens(messages: readonly CountableMessage[]): number {
  let total = TOKENS_REPLY_PRIMING;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.content);
    if (message.name) total += countTokens(message.name) + TOKENS_PER_NAME;
  }
  return total;
}
