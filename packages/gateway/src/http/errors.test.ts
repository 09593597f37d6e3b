import { useTestDb } from "@meterkit/db/testing";
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addApiKey, MODEL, seedCustomer, settled, startGateway, usageEvents, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(t.db);
});
afterAll(() => gateway.close());

const hello = [{ role: "user" as const, content: "Hello!" }];

/** The error the SDK raises for a call, with its class checked. */
async function sdkError<T>(call: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T & APIError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T & APIError;
}

describe("refusals use OpenAI's statuses and error objects", () => {
  it("401 invalid_api_key for a missing, unknown or revoked key", async () => {
    const { customerId, rawKey, apiKeyId } = await seedCustomer(t.db);
    const anonymous = await fetch(`${gateway.url}/chat/completions`, { method: "POST", body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    for (const key of ["sk-not-ours", `mk_live_${"A".repeat(43)}`]) {
      const error = await sdkError(gateway.client(key).chat.completions.create({ model: MODEL, messages: hello }), OpenAI.AuthenticationError);
      expect(error.status).toBe(401);
      expect(error.code).toBe("invalid_api_key");
    }
    await t.db.updateTable("api_keys").set({ revoked_at: new Date() }).where("id", "=", apiKeyId).execute();
    const revoked = await sdkError(gateway.client(rawKey).chat.completions.create({ model: MODEL, messages: hello }), OpenAI.AuthenticationError);
    expect(revoked.code).toBe("invalid_api_key");
    expect(await usageEvents(t.db, customerId)).toEqual([]);
  });

  it("400 invalid_request_error naming the parameter", async () => {
    const { customerId, rawKey } = await seedCustomer(t.db);
    const client = gateway.client(rawKey);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ model: MODEL, messages: hello, max_tokens: -1 }, "max_tokens"],
      [{ model: MODEL, messages: hello, max_tokens: 10_000_000 }, "max_tokens"],
      [{ model: MODEL, messages: [] }, "messages"],
      [{ model: MODEL, messages: [{ role: "wizard", content: "hi" }] }, "messages[0].role"],
      [{ model: MODEL, messages: [{ role: "user", content: "\ud800 lone" }] }, "messages[0].content"],
      [{ model: MODEL, messages: hello, temperature: "hot" }, "temperature"],
      [{ messages: hello }, "model"],
    ];
    for (const [body, param] of cases) {
      const error = await sdkError(client.chat.completions.create(body as never), OpenAI.BadRequestError);
      expect(error.status).toBe(400);
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe(param);
      expect(error.message.length).toBeGreaterThan(10);
    }
    expect(await usageEvents(t.db, customerId)).toEqual([]);
  });

  it("tells a field of the wrong type from a missing one, and a body that is not an object from both", async () => {
    const { rawKey } = await seedCustomer(t.db);
    const client = gateway.client(rawKey);
    const wrongType = await sdkError(client.chat.completions.create({ model: MODEL, messages: hello, temperature: "hot" } as never), OpenAI.BadRequestError);
    expect(wrongType.message).toContain("Invalid value for 'temperature'");
    const missing = await sdkError(client.chat.completions.create({ messages: hello } as never), OpenAI.BadRequestError);
    expect(missing.message).toContain("Missing required parameter: 'model'.");
    const array = await fetch(`${gateway.url}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${rawKey}`, "content-type": "application/json" }, body: "[1]" });
    expect(array.status).toBe(400);
    expect(((await array.json()) as { error: { message: string } }).error.message).toBe("The request body must be a JSON object with 'model' and 'messages'.");
  });

  it("refuses tools, JSON modes and logprobs, which the model would not see, naming the field", async () => {
    const { customerId, rawKey } = await seedCustomer(t.db);
    const client = gateway.client(rawKey);
    const tool = { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ tools: [tool] }, "tools"],
      [{ tool_choice: "required" }, "tool_choice"],
      [{ response_format: { type: "json_object" } }, "response_format"],
      [{ logprobs: true }, "logprobs"],
    ];
    for (const [extra, param] of cases) {
      const error = await sdkError(client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5, ...extra } as never), OpenAI.BadRequestError);
      expect(error.param).toBe(param);
      expect(error.message).toContain("not supported");
    }
    // What asks for nothing the model cannot do is still served.
    await client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5, tools: [], response_format: { type: "text" }, logprobs: false });
    expect(await usageEvents(t.db, customerId)).toHaveLength(1);
  });

  it("tolerates unknown fields like OpenAI does", async () => {
    const { rawKey } = await seedCustomer(t.db);
    const body = { model: MODEL, messages: hello, max_tokens: 5, some_future_field: { x: 1 }, logit_bias: {} };
    const reply = await gateway.client(rawKey).chat.completions.create(body as never);
    expect(reply.usage?.completion_tokens).toBeLessThanOrEqual(5);
  });

  it("404 model_not_found for a model the plan does not price", async () => {
    const { customerId, rawKey } = await seedCustomer(t.db);
    for (const model of ["gpt-4o", "no-such-model"]) {
      const error = await sdkError(gateway.client(rawKey).chat.completions.create({ model, messages: hello }), OpenAI.NotFoundError);
      expect(error.code).toBe("model_not_found");
      expect(error.param).toBe("model");
    }
    expect(await usageEvents(t.db, customerId)).toEqual([]);
  });

  it("400 context_length_exceeded with the numbers, and truncation on plans that truncate", async () => {
    const long = [
      { role: "system" as const, content: "Be brief." },
      { role: "user" as const, content: "word ".repeat(9_000) },
      { role: "assistant" as const, content: "ok" },
      { role: "user" as const, content: "word ".repeat(9_000) },
    ];
    const strict = await seedCustomer(t.db);
    const error = await sdkError(
      gateway.client(strict.rawKey).chat.completions.create({ model: MODEL, messages: long, max_tokens: 100 }),
      OpenAI.BadRequestError,
    );
    expect(error.code).toBe("context_length_exceeded");
    expect(error.message).toMatch(/maximum context length is 16384 tokens/);
    expect(await usageEvents(t.db, strict.customerId)).toEqual([]);

    const lenient = await seedCustomer(t.db, { contextPolicy: "truncate" });
    const reply = await gateway.client(lenient.rawKey).chat.completions.create({ model: MODEL, messages: long, max_tokens: 100 });
    const [event] = await usageEvents(t.db, lenient.customerId);
    expect(event?.prompt_tokens_effective).toBeLessThan(event?.prompt_tokens_sent ?? 0);
    expect(event?.upstream_prompt_tokens).toBe(event?.prompt_tokens_effective);
    expect(reply.usage?.prompt_tokens).toBe(event?.prompt_tokens_sent);
    // The provider agreed with our count of what reached it: no mismatch to flag.
    expect(event?.count_mismatch).toBe(false);
  });

  it("429 rate_limit_exceeded past the plan's requests per minute, with OpenAI's headers", async () => {
    const { customerId, rawKey } = await seedCustomer(t.db, { requestsPerMinute: 2 });
    const client = gateway.client(rawKey);
    await client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 });
    await client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 });
    const error = await sdkError(client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 }), OpenAI.RateLimitError);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.type).toBe("requests");
    expect(error.headers?.get("x-ratelimit-limit-requests")).toBe("2");
    expect(error.headers?.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(error.headers?.get("retry-after")).toMatch(/^\d+$/);
    expect(await usageEvents(t.db, customerId)).toHaveLength(2);
  });

  it("a rate-limited request holds no reservation, even on a plan with a cap", async () => {
    const { customerId, rawKey } = await seedCustomer(t.db, { requestsPerMinute: 1, hardCapMicros: 1_000_000_000 });
    const client = gateway.client(rawKey);
    await client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 });
    const error = await sdkError(client.chat.completions.create({ model: MODEL, messages: hello, max_tokens: 5 }), OpenAI.RateLimitError);
    expect(error.code).toBe("rate_limit_exceeded");
    await settled(t.db, customerId);
    const reservations = await t.db.selectFrom("reservations").select("status").where("customer_id", "=", customerId).execute();
    expect(reservations.map((r) => r.status)).toEqual(["settled"]);
  });

  it("429 rate_limit_exceeded past the plan's tokens per minute", async () => {
    const { rawKey } = await seedCustomer(t.db, { tokensPerMinute: 50 });
    const error = await sdkError(
      gateway.client(rawKey).chat.completions.create({ model: MODEL, messages: hello, max_tokens: 100 }),
      OpenAI.RateLimitError,
    );
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.type).toBe("tokens");
  });

  it("429 insufficient_quota at the hard cap, the budget, or without a subscription; 403 when suspended", async () => {
    const capped = await seedCustomer(t.db, { hardCapMicros: 100 });
    const budget = await seedCustomer(t.db, { monthlyBudgetMicros: 100 });
    const unsubscribed = await seedCustomer(t.db, { subscriptionStatus: "canceled" });
    const advice = new Map([
      [capped, /plan's cap this period\. This is your plan's spending cap: move to a plan with a higher cap/],
      [budget, /monthly budget this period\. Raise your monthly budget in the app/],
    ]);
    for (const account of [capped, budget, unsubscribed]) {
      const { rawKey, customerId } = account;
      const error = await sdkError(
        gateway.client(rawKey).chat.completions.create({ model: MODEL, messages: hello, max_tokens: 1000 }),
        OpenAI.RateLimitError,
      );
      expect(error.code).toBe("insufficient_quota");
      // The message names the limit that refused and what the caller can change about it.
      if (advice.has(account)) expect(error.message).toMatch(advice.get(account)!);
      expect(error.headers?.get("x-should-retry")).toBe("false");
      expect(await usageEvents(t.db, customerId)).toEqual([]);
    }
    const held = await t.db.selectFrom("reservations").selectAll().where("customer_id", "in", [capped.customerId, budget.customerId]).execute();
    expect(held).toEqual([]);
    // Refused by the spend limit, the request costs no rate-limit budget either.
    const counted = await t.db.selectFrom("rate_limit_buckets").selectAll().where("key", "in", [`key:${capped.apiKeyId}`, `key:${budget.apiKeyId}`]).execute();
    expect(counted.map((b) => [Number(b.tokens), b.requests])).toEqual(counted.map(() => [0, 0]));

    const suspended = await seedCustomer(t.db, { suspended: true });
    const error = await sdkError(
      gateway.client(suspended.rawKey).chat.completions.create({ model: MODEL, messages: hello }),
      OpenAI.PermissionDeniedError,
    );
    expect(error.code).toBe("account_suspended");
  });

  it("400 for malformed JSON and 413 for an oversize body, as OpenAI error objects", async () => {
    const { rawKey, customerId } = await seedCustomer(t.db);
    const post = (body: string) =>
      fetch(`${gateway.url}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${rawKey}`, "content-type": "application/json" },
        body,
      });
    const malformed = await post('{"model": "x", "messages": [');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");

    const oversize = await post(JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "x".repeat(1_100_000) }] }));
    expect(oversize.status).toBe(413);
    expect(((await oversize.json()) as { error: { code: string } }).error.code).toBe("request_too_large");
    expect(await usageEvents(t.db, customerId)).toEqual([]);
  });

  it("404 for unknown paths and 405 for wrong methods", async () => {
    const { rawKey } = await seedCustomer(t.db);
    const headers = { authorization: `Bearer ${rawKey}` };
    expect((await fetch(`${gateway.url}/embeddings`, { method: "POST", headers })).status).toBe(404);
    expect((await fetch(`${gateway.url}/chat/completions`, { headers })).status).toBe(405);
    expect((await fetch(`${gateway.url}/models/%E0%A4%A`, { headers })).status).toBe(404);
  });

  it("a second key of the same customer is billed under its own id", async () => {
    const { customerId } = await seedCustomer(t.db);
    const second = await addApiKey(t.db, customerId);
    await gateway.client(second.raw).chat.completions.create({ model: MODEL, messages: hello, max_tokens: 3 });
    const [event] = await usageEvents(t.db, customerId);
    expect(event?.api_key_id).toBe(second.id);
  });
});
