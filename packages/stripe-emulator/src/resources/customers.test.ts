import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../testing/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("customers through the stripe SDK", () => {
  it("creates, retrieves, updates and deletes", async () => {
    const created = await h.stripe.customers.create({ email: "ada@example.com", name: "Ada", metadata: { plan: "starter" } });
    expect(created).toMatchObject({ object: "customer", email: "ada@example.com", name: "Ada", livemode: false, metadata: { plan: "starter" } });
    expect(created.id).toMatch(/^cus_/);

    const updated = await h.stripe.customers.update(created.id, { name: "Ada L.", metadata: { plan: "", team: "x" } });
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ team: "x" });
    expect((await h.stripe.customers.retrieve(created.id)) as Stripe.Customer).toMatchObject({ name: "Ada L." });

    const deleted = await h.stripe.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    expect(await h.stripe.customers.retrieve(created.id)).toMatchObject({ deleted: true });
  });

  it("answers a missing customer with Stripe's 404 resource_missing", async () => {
    const err = await h.stripe.customers.retrieve("cus_nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such customer: 'cus_nope'" });
  });

  it("rejects unknown parameters like Stripe", async () => {
    const err = await h.stripe.customers.create({ emial: "x" } as Stripe.CustomerCreateParams).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });
  });

  it("paginates newest first with starting_after, ending_before and has_more", async () => {
    const tag = `page_${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.stripe.customers.create({ email: `${tag}@example.com` })).id);
    const newestFirst = [...ids].reverse();

    const first = await h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));

    const second = await h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2, starting_after: newestFirst[1] });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.has_more).toBe(true);

    const last = await h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2, starting_after: newestFirst[3] });
    expect(last.data.map((c) => c.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);

    const back = await h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2, ending_before: newestFirst[3] });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(1, 3));

    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2 })) all.push(c.id);
    expect(all).toEqual(newestFirst);
  });

  it("refuses a JSON body on v1, which takes form encoding", async () => {
    const res = await fetch(`${h.emu.url}/v1/customers`, {
      method: "POST",
      headers: { authorization: "Bearer sk_test_x", "content-type": "application/json" },
      body: JSON.stringify({ email: "json@example.com" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("searches by email and metadata", async () => {
    const c = await h.stripe.customers.create({ email: "search@example.com", metadata: { meterkit_id: "m-42" } });
    const res = await h.stripe.customers.search({ query: "metadata['meterkit_id']:'m-42'" });
    expect(res.data.map((x) => x.id)).toEqual([c.id]);
  });

  it("rejects a wrong or missing API key with 401", async () => {
    const err = await h.client({}, "sk_live_not_here").customers.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err).toMatchObject({ statusCode: 401 });
    const raw = await fetch(`${h.emu.url}/v1/customers`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });
});
