import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import type { EncodingName } from "../catalog/types";

/**
 * Text a user types that looks like a special token ("<|endoftext|>") is ordinary text to the
 * provider: it is escaped, never turned into the control token. An empty disallow set tells
 * gpt-tokenizer exactly that (no throw, no special token, no pre-scan of the text).
 */
const ORDINARY_TEXT = { disallowedSpecial: new Set<string>() };

const counters: Record<EncodingName, (text: string) => number> = {
  o200k_base: (text) => countO200k(text, ORDINARY_TEXT),
  cl100k_base: (text) => countCl100k(text, ORDINARY_TEXT),
};

export type TextCounter = (text: string) => number;

/** The plain-text token counter of an encoding. */
export function textCounter(encoding: EncodingName): TextCounter {
  return counters[encoding];
}
