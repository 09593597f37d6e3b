import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());

const newCustomer = () => h.stripe.customers.create({ email: `balance-${Math.random().toString(36).slice(2, 8)}@example.com` });
const balanceOf = async (id: string) => ((await h.stripe.customers.retrieve(id)) as Stripe.Customer).balance;
const grant = (customer: string, amount: number) => h.stripe.customers.createBalanceTransaction(customer, { amount, currency: "usd" });
const transactions = async (customer: string, params: Stripe.CustomerListBalanceTransactionsParams = {}) =>
  (await h.stripe.customers.listBalanceTransactions(customer, { limit: 100, ...params })).data;

/** A 19.00 USD monthly subscription; its first invoice is issued (and uses any balance) at once. */
const subscribe = (customer: string) => h.stripe.subscriptions.create({ customer, items: [{ price: plan.basePrice.id }] });
const advance = async (subId: string) => {
  const advanced = await h.control<{ latest_invoice: string }>("POST", `/_emulator/subscriptions/${subId}/advance`);
  return h.stripe.invoices.retrieve(advanced.latest_invoice);
};

describe("customer balance transactions", () => {
  it("creates, retrieves and lists them, and moves the customer's balance", async () => {
    const customer = await newCustomer();
    const credit = await h.stripe.customers.createBalanceTransaction(customer.id, {
      amount: -500, currency: "USD", description: "Admin grant", metadata: { grant_id: "g-1" },
    });
    expect(credit).toMatchObject({
      object: "customer_balance_transaction", amount: -500, currency: "usd", customer: customer.id, description: "Admin grant",
      ending_balance: -500, invoice: null, credit_note: null, livemode: false, metadata: { grant_id: "g-1" }, type: "adjustment",
    });
    expect(credit.id).toMatch(/^cbtxn_/);
    expect(await h.stripe.customers.retrieveBalanceTransaction(customer.id, credit.id)).toEqual(credit);

    const debit = await grant(customer.id, 200);
    expect(debit.ending_balance).toBe(-300);
    const after = (await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after).toMatchObject({ balance: -300, currency: "usd" });

    const list = await h.stripe.customers.listBalanceTransactions(customer.id, { limit: 1 });
    expect(list).toMatchObject({ object: "list", has_more: true, url: `/v1/customers/${customer.id}/balance_transactions` });
    expect(list.data.map((t) => t.id)).toEqual([debit.id]);
    expect((await transactions(customer.id)).map((t) => t.id)).toEqual([debit.id, credit.id]);
    expect(await transactions((await newCustomer()).id)).toEqual([]);
  });

  it("emits customer.updated with the previous balance", async () => {
    const customer = await newCustomer();
    await grant(customer.id, -700);
    const events = await h.stripe.events.list({ type: "customer.updated", limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(event?.data.object).toMatchObject({ balance: -700, currency: "usd" });
    expect(event?.data.previous_attributes).toEqual({ balance: 0, currency: null });
  });

  it("rejects a missing, zero or fractional amount and a missing or foreign currency, naming the param", async () => {
    const customer = await newCustomer();
    await grant(customer.id, -100);
    const attempt = (params: Partial<Stripe.CustomerCreateBalanceTransactionParams>) =>
      h.stripe.customers.createBalanceTransaction(customer.id, params as Stripe.CustomerCreateBalanceTransactionParams).catch((e: unknown) => e);
    expect(await attempt({ currency: "usd" })).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "amount" });
    expect(await attempt({ amount: 0, currency: "usd" })).toMatchObject({ statusCode: 400, param: "amount" });
    expect(await attempt({ amount: 1.5, currency: "usd" })).toMatchObject({ statusCode: 400, code: "parameter_invalid_integer", param: "amount" });
    expect(await attempt({ amount: -100 })).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "currency" });
    expect(await attempt({ amount: -100, currency: "eur" })).toMatchObject({ statusCode: 400, param: "currency" });
    expect(await balanceOf(customer.id)).toBe(-100);
    expect(await transactions(customer.id)).toHaveLength(1);
  });

  it("answers an unknown customer or transaction with 404 resource_missing", async () => {
    const err = await grant("cus_nope", -100).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such customer: 'cus_nope'" });
    await expect(h.stripe.customers.listBalanceTransactions("cus_nope")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    const customer = await newCustomer();
    await expect(h.stripe.customers.retrieveBalanceTransaction(customer.id, "cbtxn_nope")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    // A transaction is only found under its own customer.
    const other = await grant((await newCustomer()).id, -100);
    await expect(h.stripe.customers.retrieveBalanceTransaction(customer.id, other.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("creates one transaction for a retry with the same Idempotency-Key", async () => {
    const customer = await newCustomer();
    const params = { amount: -400, currency: "usd", description: "grant g-2" };
    const first = await h.stripe.customers.createBalanceTransaction(customer.id, params, { idempotencyKey: "balance-grant-g-2" });
    const again = await h.stripe.customers.createBalanceTransaction(customer.id, params, { idempotencyKey: "balance-grant-g-2" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await transactions(customer.id)).toHaveLength(1);
    expect(await balanceOf(customer.id)).toBe(-400);
  });
});

describe("invoices apply the customer's balance", () => {
  it("shows a credit on the invoice preview without using it", async () => {
    const customer = await newCustomer();
    const sub = await subscribe(customer.id);
    await grant(customer.id, -500);
    const preview = await h.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(preview).toMatchObject({ total: 1900, subtotal: 1900, starting_balance: -500, amount_due: 1400, amount_remaining: 1400, ending_balance: null });
    expect(await balanceOf(customer.id)).toBe(-500);
    expect((await transactions(customer.id)).map((t) => t.type)).toEqual(["adjustment"]);
  });

  it("uses a credit on the cycle invoice and records it as applied_to_invoice", async () => {
    const customer = await newCustomer();
    const sub = await subscribe(customer.id);
    await grant(customer.id, -500);
    const invoice = await advance(sub.id);
    expect(invoice).toMatchObject({ status: "paid", total: 1900, starting_balance: -500, amount_due: 1400, amount_paid: 1400, amount_remaining: 0, ending_balance: 0 });
    expect(await balanceOf(customer.id)).toBe(0);
    const applied = await transactions(customer.id, { invoice: invoice.id });
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ type: "applied_to_invoice", amount: 500, ending_balance: 0, invoice: invoice.id, currency: "usd" });
    // Used up: the next cycle bills in full.
    expect(await advance(sub.id)).toMatchObject({ starting_balance: 0, amount_due: 1900, ending_balance: 0 });
  });

  it("keeps the part of a credit larger than the invoice as balance", async () => {
    const customer = await newCustomer();
    const sub = await subscribe(customer.id);
    await grant(customer.id, -2500);
    const invoice = await advance(sub.id);
    expect(invoice).toMatchObject({ total: 1900, starting_balance: -2500, amount_due: 0, amount_paid: 0, ending_balance: -600 });
    expect(await balanceOf(customer.id)).toBe(-600);
    expect((await transactions(customer.id, { invoice: invoice.id }))[0]).toMatchObject({ type: "applied_to_invoice", amount: 1900, ending_balance: -600 });
  });

  it("adds a debit to the amount due", async () => {
    const customer = await newCustomer();
    const sub = await subscribe(customer.id);
    await grant(customer.id, 300);
    expect(await advance(sub.id)).toMatchObject({ total: 1900, starting_balance: 300, amount_due: 2200, ending_balance: 0 });
    expect(await balanceOf(customer.id)).toBe(0);
  });

  it("uses a credit granted before subscribing on the first invoice", async () => {
    const customer = await newCustomer();
    await grant(customer.id, -500);
    const sub = await subscribe(customer.id);
    const first = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ billing_reason: "subscription_create", starting_balance: -500, amount_due: 1400, ending_balance: 0 });
    expect(await balanceOf(customer.id)).toBe(0);
  });
});
