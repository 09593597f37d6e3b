import { resolveModel } from "../catalog";
import type { ModelSpec } from "../catalog/types";
import { textCounter } from "./encodings";

/** Tokens of `text` in the model's encoding, exactly as the provider counts plain text. */
export function countTokens(text: string, model: string | ModelSpec): number {
  if (text.length === 0) return 0;
  return textCounter(resolveModel(model).encoding)(text);
}
