import { describe, expect, it } from "vitest";
import { getModel } from "./catalog";
import { InvalidRequestError, MeteringError } from "./errors";
import { chatMessageSchema } from "./messages";
import { parseMessages, validateMaxTokens } from "./validation";

function failure(fn: () => unknown): InvalidRequestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toBeInstanceOf(MeteringError);
    return error as InvalidRequestError;
  }
  throw new Error("expected a validation error");
}

describe("parseMessages", () => {
  it("accepts string content, text parts and names", () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", name: "ann", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: "Hello" },
      { role: "developer", content: "Answer in French." },
    ];
    expect(parseMessages(messages)).toEqual(messages);
    expect(chatMessageSchema.safeParse(messages[1]).success).toBe(true);
  });

  it("rejects an empty or missing messages array", () => {
    const empty = failure(() => parseMessages([]));
    expect(empty.code).toBe("empty_array");
    expect(empty.param).toBe("messages");
    expect(empty.message).toMatch(/empty array/);
    expect(failure(() => parseMessages(undefined)).code).toBe("missing_required_parameter");
    expect(failure(() => parseMessages("hello")).message).toBe(
      "Invalid type for 'messages': expected an array of messages, but got a string instead.",
    );
  });

  it("names the message and field when content is not a string or text parts", () => {
    const error = failure(() => parseMessages([{ role: "user", content: "ok" }, { role: "user", content: 42 }]));
    expect(error.code).toBe("invalid_type");
    expect(error.param).toBe("messages[1].content");
    expect(error.message).toBe(
      "Invalid type for 'messages[1].content': expected one of a string or an array of text parts, but got an integer instead.",
    );
    expect(failure(() => parseMessages([{ role: "user" }])).param).toBe("messages[0].content");
  });

  it("points into malformed text parts", () => {
    const badText = failure(() => parseMessages([{ role: "user", content: [{ type: "text", text: 5 }] }]));
    expect(badText.param).toBe("messages[0].content[0].text");
    expect(badText.code).toBe("invalid_type");
    const image = failure(() => parseMessages([{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }]));
    expect(image.param).toBe("messages[0].content[0].type");
    expect(image.message).toMatch(/Only text content parts are supported/);
    expect(failure(() => parseMessages([{ role: "user", content: [] }])).param).toBe("messages[0].content");
  });

  it("rejects roles it does not know, listing the ones it does", () => {
    const error = failure(() => parseMessages([{ role: "wizard", content: "hi" }]));
    expect(error.code).toBe("invalid_value");
    expect(error.param).toBe("messages[0].role");
    expect(error.message).toBe("Invalid value: 'wizard'. Supported values are: 'system', 'developer', 'user', 'assistant'.");
  });
});

describe("validateMaxTokens", () => {
  const model = getModel("gpt-4o-mini");

  it("passes through valid values and unset", () => {
    expect(validateMaxTokens(256, model)).toBe(256);
    expect(validateMaxTokens(model.maxOutputTokens, model)).toBe(model.maxOutputTokens);
    expect(validateMaxTokens(undefined, model)).toBeUndefined();
    expect(validateMaxTokens(null, model)).toBeUndefined();
  });

  it("rejects negative, zero, fractional, non-numeric and too-large values", () => {
    expect(failure(() => validateMaxTokens(-5, model)).message).toBe(
      "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -5 instead.",
    );
    expect(failure(() => validateMaxTokens(0, model)).code).toBe("integer_below_min_value");
    expect(failure(() => validateMaxTokens(1.5, model)).code).toBe("invalid_type");
    expect(failure(() => validateMaxTokens("100", model)).message).toMatch(/expected an integer, but got a string/);
    const tooLarge = failure(() => validateMaxTokens(100_000, model, { param: "max_completion_tokens" }));
    expect(tooLarge.param).toBe("max_completion_tokens");
    expect(tooLarge.message).toBe(
      "max_completion_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.",
    );
  });
});
