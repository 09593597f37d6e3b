import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { BillingError } from "../errors";
import { recordAdjustment } from "../ledger/record-adjustment";
import { seedCustomers, seedPlan } from "../test/fixtures";
import { useEmulator } from "../test/emulator";
import { syncedCustomers } from "../test/synced";
import { retryCreditTransfer, sendCreditTransfers, TRANSFER_METADATA_KEY } from "./send-transfers";

const t = useTestDb();
const s = useEmulator();

let key = 0;
const grant = (customerId: string, costMicros: number) =>
  recordAdjustment(t.db, { requestId: `credit-test-${Date.now()}-${key++}`, customerId, kind: "credit", costMicros, note: "Sorry for the outage" });

async function stripeCustomerOf(customerId: string): Promise<string> {
  const row = await t.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", customerId).executeTakeFirstOrThrow();
  return row.stripe_customer_id!;
}

const transferOf = (usageEventId: string) => t.db.selectFrom("credit_transfers").selectAll().where("usage_event_id", "=", usageEventId).executeTakeFirstOrThrow();

describe("credits reach the customer's Stripe balance", () => {
  it("a granted credit is queued with its ledger event and sent once as a balance transaction", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const event = await grant(customerId, -12_340_000);
    expect(await transferOf(event.id)).toMatchObject({ status: "pending", amount_cents: -1234, currency: "usd", description: "Sorry for the outage" });

    expect(await sendCreditTransfers(t.db, s.stripe)).toEqual({ sent: 1, retrying: 0, dead: 0 });
    const transfer = await transferOf(event.id);
    expect(transfer.status).toBe("sent");
    const stripeCustomer = await stripeCustomerOf(customerId);
    expect((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).toMatchObject({ balance: -1234 });
    const txn = await s.stripe.customers.retrieveBalanceTransaction(stripeCustomer, transfer.stripe_transaction_id!);
    expect(txn).toMatchObject({ amount: -1234, currency: "usd", metadata: { [TRANSFER_METADATA_KEY]: transfer.id } });

    // Nothing is sent twice.
    expect(await sendCreditTransfers(t.db, s.stripe)).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).balance).toBe(-1234);
  });

  it("waits for a customer who has no Stripe customer yet", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    const event = await grant(customerId!, -500_000);
    expect(await sendCreditTransfers(t.db, s.stripe)).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(await transferOf(event.id)).toMatchObject({ status: "pending", attempts: 0 });

    const stripeCustomer = await s.stripe.customers.create({ email: "later@example.test" });
    await t.db.updateTable("customers").set({ stripe_customer_id: stripeCustomer.id }).where("id", "=", customerId!).execute();
    expect((await sendCreditTransfers(t.db, s.stripe)).sent).toBe(1);
    expect(((await s.stripe.customers.retrieve(stripeCustomer.id)) as { balance: number }).balance).toBe(-50);
  });

  it("a lost answer is retried without a second credit", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const stripeCustomer = await stripeCustomerOf(customerId);
    const event = await grant(customerId, -2_000_000);
    // Stripe records the transaction, the worker never hears back.
    s.emulator.setFaults({ resetAfterStore: 1, paths: [`/v1/customers/${stripeCustomer}/balance_transactions`] });
    try {
      expect(await sendCreditTransfers(t.db, s.stripe, { backoff: { baseMs: 1, maxMs: 1 } })).toEqual({ sent: 0, retrying: 1, dead: 0 });
    } finally {
      s.emulator.setFaults({});
    }
    expect(((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).balance).toBe(-200);
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect((await sendCreditTransfers(t.db, s.stripe)).sent).toBe(1);
    const transactions = await s.stripe.customers.listBalanceTransactions(stripeCustomer);
    expect(transactions.data).toHaveLength(1);
    expect((await transferOf(event.id)).stripe_transaction_id).toBe(transactions.data[0]!.id);
    expect(((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).balance).toBe(-200);
  });

  it("a retry after Stripe's idempotency window finds the earlier delivery by its metadata", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const stripeCustomer = await stripeCustomerOf(customerId);
    const event = await grant(customerId, -700_000);
    const transfer = await transferOf(event.id);
    // An attempt that reached Stripe days ago, under a key Stripe has since forgotten.
    const earlier = await s.stripe.customers.createBalanceTransaction(stripeCustomer, { amount: -70, currency: "usd", metadata: { [TRANSFER_METADATA_KEY]: transfer.id } });
    await t.db.updateTable("credit_transfers").set({ status: "failed", attempts: 3 }).where("id", "=", transfer.id).execute();

    expect((await sendCreditTransfers(t.db, s.stripe)).sent).toBe(1);
    expect((await transferOf(event.id)).stripe_transaction_id).toBe(earlier.id);
    expect((await s.stripe.customers.listBalanceTransactions(stripeCustomer)).data).toHaveLength(1);
    expect(((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).balance).toBe(-70);
  });

  it("a transfer Stripe refuses is dead, and an operator's Retry sends it again", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const stripeCustomer = await stripeCustomerOf(customerId);
    const event = await grant(customerId, -1_000_000);
    // A Stripe customer id that Stripe does not know: a 404, which no retry will change.
    await t.db.updateTable("customers").set({ stripe_customer_id: "cus_missing" }).where("id", "=", customerId).execute();
    expect(await sendCreditTransfers(t.db, s.stripe)).toEqual({ sent: 0, retrying: 0, dead: 1 });
    const dead = await transferOf(event.id);
    expect(dead.status).toBe("dead");
    expect(dead.last_error).toMatch(/404/);

    await t.db.updateTable("customers").set({ stripe_customer_id: stripeCustomer }).where("id", "=", customerId).execute();
    expect(await retryCreditTransfer(t.db, dead.id)).toBe(true);
    expect(await retryCreditTransfer(t.db, dead.id)).toBe(false);
    expect((await sendCreditTransfers(t.db, s.stripe)).sent).toBe(1);
    expect(((await s.stripe.customers.retrieve(stripeCustomer)) as { balance: number }).balance).toBe(-100);
  });

  it("a worker shutting down sends nothing more and releases what it claimed", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const event = await grant(customerId, -400_000);
    const stopping = new AbortController();
    stopping.abort();
    expect(await sendCreditTransfers(t.db, s.stripe, {}, stopping.signal)).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(await transferOf(event.id)).toMatchObject({ status: "pending", claimed_until: null });
    // Free for the next worker at once.
    expect((await sendCreditTransfers(t.db, s.stripe)).sent).toBeGreaterThanOrEqual(1);
    expect((await transferOf(event.id)).status).toBe("sent");
  });

  it("a credit of a fraction of a cent is refused, and nothing is written", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const before = await t.db.selectFrom("usage_events").select(t.db.fn.countAll().as("n")).where("customer_id", "=", customerId).executeTakeFirstOrThrow();
    await expect(grant(customerId, -12_345)).rejects.toBeInstanceOf(BillingError);
    const after = await t.db.selectFrom("usage_events").select(t.db.fn.countAll().as("n")).where("customer_id", "=", customerId).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await t.db.selectFrom("credit_transfers").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
  });

  it("a repeated grant (same key) queues one transfer", async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 1);
    const customerId = customers[0]!;
    const input = { requestId: `credit-repeat-${Date.now()}`, customerId, kind: "credit" as const, costMicros: -300_000, note: "twice" };
    const first = await recordAdjustment(t.db, input);
    const second = await recordAdjustment(t.db, input);
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(await t.db.selectFrom("credit_transfers").selectAll().where("customer_id", "=", customerId).execute()).toHaveLength(1);
  });
});
