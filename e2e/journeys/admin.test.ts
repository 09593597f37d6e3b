import type { Db } from "@meterkit/db";
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "../support/fixtures";
import { chatOnce, subscribeThroughCheckout } from "./admin-customer-steps";
import { confirmInDialog, createPlan, logInAsAdmin, open, runReconciliation, waitForNotice } from "./admin-steps";
import { openApp } from "./customer-steps";

describe("admin portal", () => {
  test("a signed-in customer gets a 403 page that says the portal is for admins, and cannot log in there", async ({ page, stack, customer, signIn }) => {
    await signIn(page, customer, "web");
    const response = await page.goto(`${stack.adminUrl}/customers`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("403 Forbidden");
    await page.getByText("This page is for Meterkit administrators").waitFor();
    expect(await page.getByRole("navigation", { name: "Admin sections" }).count()).toBe(0);

    await open(page, `${stack.adminUrl}/login`);
    await page.getByLabel("Email").fill(customer.email);
    await page.getByLabel("Password").fill(customer.password);
    await page.getByRole("button", { name: "Log in" }).click();
    expect(await waitForNotice(page, "cannot sign in to the admin portal")).toBeTruthy();
  });

  test("an admin creates a plan with two models at different rates; Stripe gets a product and a price per meter", async ({ page, stack, admin, db }) => {
    await logInAsAdmin(page, stack.adminUrl, admin);
    const code = `e2e-${randomUUID().slice(0, 6)}`;
    const planId = await createPlan(page, stack.adminUrl, {
      code,
      name: "E2E Two Models",
      baseFee: "9.99",
      rates: [
        { model: "meterkit-demo", input: "2.50", cachedInput: "0.25", output: "10" },
        { model: "gpt-4o-mini", input: "0.15", cachedInput: "0.075", output: "0.60" },
      ],
    });
    expect(await waitForNotice(page, "Plan created")).toContain("Synced to Stripe");

    // Dollars typed per 1M tokens are stored as exact integer micros.
    const rates = await db.selectFrom("plan_rates").selectAll().where("plan_id", "=", planId).orderBy("model").execute();
    expect(rates.map((r) => [r.model, r.version, r.input_micros_per_mtok, r.cached_input_micros_per_mtok, r.output_micros_per_mtok])).toEqual([
      ["gpt-4o-mini", 1, 150_000, 75_000, 600_000],
      ["meterkit-demo", 1, 2_500_000, 250_000, 10_000_000],
    ]);
    const plan = await db.selectFrom("plans").selectAll().where("id", "=", planId).executeTakeFirstOrThrow();
    expect(plan.base_fee_micros).toBe(9_990_000);
    expect(await page.getByTestId("stripe-product-id").textContent()).toBe(plan.stripe_product_id);
    expect(plan.stripe_product_id).toMatch(/^prod_/);
    expect(await page.getByTestId("stripe-base-price-id").textContent()).toMatch(/^price_/);
    for (const event of ["mk_meterkit_demo_input", "mk_meterkit_demo_output", "mk_gpt_4o_mini_cached_input"]) {
      expect(await page.getByTestId(`stripe-price-${event}`).textContent()).toMatch(/price_/);
    }

    // A rate change is a new version; the old price stays (superseded) for past invoices.
    // The edit form lists the models alphabetically: gpt-4o-mini, then meterkit-demo.
    expect(await page.getByLabel("Model 2", { exact: true }).inputValue()).toBe("meterkit-demo");
    await page.getByLabel("Output rate for model 2, dollars per 1M tokens", { exact: true }).fill("12.00");
    await page.getByRole("button", { name: "Save changes" }).click();
    expect(await waitForNotice(page, "Plan saved")).toContain("Synced to Stripe");
    await page.getByTestId("stripe-price-mk_meterkit_demo_output-v1").waitFor();
    const demoOutput = await db
      .selectFrom("plan_rates")
      .select(["version", "output_micros_per_mtok", "superseded_at"])
      .where("plan_id", "=", planId)
      .where("model", "=", "meterkit-demo")
      .orderBy("version")
      .execute();
    expect(demoOutput.map((r) => [r.version, r.output_micros_per_mtok, r.superseded_at === null])).toEqual([
      [1, 10_000_000, false],
      [2, 12_000_000, true],
    ]);

    // Bad input gets a message at the field, nothing is saved.
    await page.getByLabel("Input rate for model 1, dollars per 1M tokens", { exact: true }).fill("0.0000001");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Use at most six decimals").waitFor();

    await open(page, `${stack.adminUrl}/plans/${planId}`);
    await confirmInDialog(page, "Archive", "Archive plan");
    await waitForNotice(page, "Plan archived");

    await open(page, `${stack.adminUrl}/audit?target=${planId}`);
    await page.getByTestId("audit-entry").first().waitFor();
    const actions = await page.getByTestId("audit-entry").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["plan.archive", "plan.update", "plan.create"]);
  });
});

describe("admin customer actions", () => {
  test("suspend, resume, grant a credit, adjust usage and change plan, each confirmed, recorded in the ledger and the audit log", async ({ page, stack, admin, customer, db }) => {
    const starter = await db.selectFrom("plans").select("id").where("code", "=", "starter").executeTakeFirstOrThrow();
    await db.updateTable("customers").set({ plan_id: starter.id }).where("id", "=", customer.customerId).execute();
    await logInAsAdmin(page, stack.adminUrl, admin);
    await open(page, `${stack.adminUrl}/customers/${customer.customerId}`);

    await confirmInDialog(page, "Suspend", "Suspend now", { "Reason (kept in the audit log)": "chargeback under review" });
    await waitForNotice(page, "Customer suspended");
    expect((await db.selectFrom("customers").select("suspended_at").where("id", "=", customer.customerId).executeTakeFirstOrThrow()).suspended_at).not.toBeNull();
    await confirmInDialog(page, "Resume", "Resume access", { "Reason (kept in the audit log)": "chargeback withdrawn" });
    await waitForNotice(page, "Customer resumed");

    // A wrong amount is refused inside the dialog; nothing is recorded.
    await page.getByRole("button", { name: "Grant credit", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Amount").fill("1.2345678");
    await dialog.getByLabel(/^Note/).fill("goodwill");
    await dialog.getByRole("button", { name: "Grant credit" }).click();
    await dialog.getByRole("alert").waitFor();
    expect(await dialog.getByRole("alert").textContent()).toContain("six decimals");
    // Stripe holds balances in cents: a fraction of a cent could not reach the invoice.
    await dialog.getByLabel("Amount").fill("1.255");
    await dialog.getByRole("button", { name: "Grant credit" }).click();
    await dialog.getByText("whole cents").waitFor();
    await dialog.getByLabel("Amount").fill("1.25");
    await dialog.getByRole("button", { name: "Grant credit" }).click();
    await dialog.waitFor({ state: "hidden" });
    await waitForNotice(page, "Credit granted");
    // Listed with its way to Stripe (this customer has no Stripe customer yet, so it waits).
    expect(await page.getByTestId("credit-row").first().textContent()).toMatch(/\$1\.25.*goodwill.*waiting for Stripe/);

    await confirmInDialog(page, "Adjust usage", "Record adjustment", { "Input tokens": "1000", "Note (kept with the ledger event and in the audit log)": "missed request" });
    await waitForNotice(page, "Adjustment recorded");

    await page.getByRole("button", { name: "Change plan", exact: true }).click();
    await page.getByRole("dialog").getByLabel("New plan").selectOption("pro");
    await page.getByRole("dialog").getByLabel(/^Reason/).fill("upgrade requested by email");
    await page.getByRole("dialog").getByRole("button", { name: "Change plan" }).click();
    await waitForNotice(page, "Plan changed to Pro");
    await page.getByTestId("customer-plan").getByText("Pro", { exact: true }).waitFor();
    const pro = await db.selectFrom("plans").select("id").where("code", "=", "pro").executeTakeFirstOrThrow();
    expect((await db.selectFrom("customers").select("plan_id").where("id", "=", customer.customerId).executeTakeFirstOrThrow()).plan_id).toBe(pro.id);

    const ledger = await db.selectFrom("usage_events").select(["kind", "cost_micros", "billed_input_tokens", "note"]).where("customer_id", "=", customer.customerId).orderBy("created_at").execute();
    expect(ledger.map((e) => [e.kind, e.billed_input_tokens, e.note])).toEqual([
      ["credit", 0, "goodwill"],
      ["adjustment", 1000, "missed request"],
    ]);
    expect(ledger[0]?.cost_micros).toBe(-1_250_000);

    await open(page, `${stack.adminUrl}/audit?target=${customer.customerId}`);
    const actions = await page.getByTestId("audit-entry").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["customer.change_plan", "customer.adjust_usage", "customer.grant_credit", "customer.resume", "customer.suspend"]);
  });
});

describe("admin outbox health", () => {
  test("dead-lettered reports show their age and last error; one is retried, one discarded with a reason", async ({ page, stack, admin, customer, db }) => {
    const meter = await db.selectFrom("meters").select("id").orderBy("event_name").executeTakeFirstOrThrow();
    const dead = (value: number) => {
      const id = randomUUID();
      return { id, identifier: `mk_mr_${id}`, customer_id: customer.customerId, meter_id: meter.id, value, status: "dead" as const, attempts: 8, last_error: `Stripe answered 500 (${value})` };
    };
    const [toRetry, toDiscard] = [dead(4101), dead(4102)];
    await db.insertInto("meter_reports").values([toRetry, toDiscard]).execute();

    await logInAsAdmin(page, stack.adminUrl, admin);
    await open(page, `${stack.adminUrl}/outbox?status=dead`);
    const retryRow = page.getByTestId(`outbox-report-${toRetry.id}`);
    expect(await retryRow.textContent()).toContain("Stripe answered 500 (4101)");
    await retryRow.getByRole("button", { name: "Retry" }).click();
    await waitForNotice(page, "Queued for sending now");
    expect((await db.selectFrom("meter_reports").select("status").where("id", "=", toRetry.id).executeTakeFirstOrThrow()).status).not.toBe("dead");

    const discardRow = page.getByTestId(`outbox-report-${toDiscard.id}`);
    await discardRow.getByRole("button", { name: "Discard" }).click();
    const dialog = page.getByRole("dialog");
    // Without a reason the browser refuses to send the form; the dialog stays open.
    await dialog.getByRole("button", { name: "Discard report" }).click();
    expect(await dialog.getByLabel(/^Reason/).evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel(/^Reason/).fill("duplicate of a report sent by hand");
    await dialog.getByRole("button", { name: "Discard report" }).click();
    await dialog.waitFor({ state: "hidden" });
    await waitForNotice(page, "Report discarded");
    expect(await db.selectFrom("meter_reports").select(["status", "discard_reason"]).where("id", "=", toDiscard.id).executeTakeFirstOrThrow()).toEqual({
      status: "discarded",
      discard_reason: "duplicate of a report sent by hand",
    });

    await open(page, `${stack.adminUrl}/audit?action=outbox.&actor=${admin.id}`);
    const actions = await page.getByTestId("audit-entry").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["outbox.discard", "outbox.retry"]);
  });
});

describe("admin journey: from a new plan to a reconciled ledger", () => {
  test("usage from the customer app shows up in admin, drift is found, repaired and gone on the next run, all audited", async ({ page, browser, stack, admin, customer, db, signIn }) => {
    // 1. The admin creates a plan with two models at different rates.
    await logInAsAdmin(page, stack.adminUrl, admin);
    const planName = `Journey ${randomUUID().slice(0, 4)}`;
    const planId = await createPlan(page, stack.adminUrl, {
      code: `journey-${randomUUID().slice(0, 6)}`,
      name: planName,
      baseFee: "5",
      rates: [
        { model: "meterkit-demo", input: "3.00", cachedInput: "0.30", output: "15.00" },
        // The demo model serves any catalog id; this one's output limit (4,096) fits its own.
        { model: "gpt-3.5-turbo", input: "0.50", cachedInput: "0.50", output: "1.50" },
      ],
    });
    await waitForNotice(page, "Plan created");

    // 2. The customer subscribes and chats with both models in the customer app.
    const customerContext = await browser.newContext();
    const customerPage = await customerContext.newPage();
    await signIn(customerPage, customer, "web");
    await subscribeThroughCheckout(customerPage, stack.webUrl, planName);
    await chatOnce(customerPage, stack.webUrl, "meterkit-demo", "Tell me about metered billing in two sentences.");
    await chatOnce(customerPage, stack.webUrl, "gpt-3.5-turbo", "And now in one sentence.");
    await customerContext.close();

    const events = await db
      .selectFrom("usage_events")
      .selectAll()
      .where("customer_id", "=", customer.customerId)
      .where("kind", "=", "usage")
      .orderBy("occurred_at")
      .execute();
    expect(events.map((e) => [e.model, e.status, e.plan_id, e.rate_version])).toEqual([
      ["meterkit-demo", "completed", planId, 1],
      ["gpt-3.5-turbo", "completed", planId, 1],
    ]);
    // Each model was costed at its own rate (integer micros, one rounding per event).
    const [demo, mini] = events as [(typeof events)[number], (typeof events)[number]];
    const expectedCost = (e: typeof demo, input: number, cached: number, output: number) =>
      (e.billed_input_tokens * input + e.billed_cached_input_tokens * cached + e.billed_output_tokens * output) / 1_000_000;
    expect(Math.abs(demo.cost_micros - expectedCost(demo, 3_000_000, 300_000, 15_000_000))).toBeLessThanOrEqual(1);
    expect(Math.abs(mini.cost_micros - expectedCost(mini, 500_000, 500_000, 1_500_000))).toBeLessThanOrEqual(1);

    // Immediate flush: wait until every meter report for the customer reached Stripe.
    const reports = await waitForAllReportsSent(db, customer.customerId);

    // 3. The customer appears in admin with the right usage and cost.
    await open(page, `${stack.adminUrl}/customers?q=${encodeURIComponent(customer.email)}`);
    await page.getByRole("link", { name: customer.name }).first().click();
    await page.waitForURL(`${stack.adminUrl}/customers/${customer.customerId}`);
    for (const e of events) {
      const row = page.getByTestId(`usage-model-${e.model}`);
      expect(await row.getByTestId("input-tokens").textContent()).toBe(e.billed_input_tokens.toLocaleString("en-US"));
      expect(await row.getByTestId("output-tokens").textContent()).toContain(e.billed_output_tokens.toLocaleString("en-US"));
      expect(await row.getByTestId("cost").textContent()).toBe(dollars(e.cost_micros));
    }
    expect(await page.getByTestId("spend-this-period").textContent()).toBe(dollars(demo.cost_micros + mini.cost_micros));
    expect(await page.getByTestId("customer-plan").textContent()).toBe(planName);
    expect(await page.getByTestId("usage-event-row").count()).toBe(2);

    // 4. Drift: Stripe loses one meter event (deleted through the emulator's test hook).
    const lost = reports.find((r) => r.event_name === "mk_meterkit_demo_output");
    expect(lost).toBeDefined();
    const deleted = await fetch(`${stack.stripeApiBase}/_emulator/meter_events/${lost!.identifier}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);

    // Stripe's summaries may lag a report by minutes, and until then reconciliation counts it as
    // in flight (SUMMARY_LAG_MS): date this customer's reports back past that.
    await db.updateTable("meter_reports").set({ sent_at: new Date(Date.now() - 3_600_000) }).where("customer_id", "=", customer.customerId).execute();

    // 5. Reconciliation shows exactly that mismatch for this customer (the run covers everyone).
    await runReconciliation(page, stack.adminUrl);
    const mine = page.locator(`[data-customer="${customer.email}"]`);
    const driftLine = mine.and(page.getByTestId("recon-line-mk_meterkit_demo_output"));
    expect(await driftLine.getByTestId("difference").textContent()).toBe(`+${Number(lost!.value).toLocaleString("en-US")}`);
    await page.getByRole("link", { name: "Mismatches only" }).click();
    await page.waitForURL(/show=mismatched/);
    expect(await mine.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")))).toEqual(["recon-line-mk_meterkit_demo_output"]);

    // 6. Repair it through the billing code; the line records the result.
    await driftLine.getByRole("button", { name: /Repair/ }).click();
    expect(await waitForNotice(page, "Repair: report missing, sent")).toContain("Repair");
    // Waits for the row rather than reading it once: on a loaded machine the notice was seen
    // rendered while the row still showed its Repair button (once in a CI run).
    await driftLine.filter({ hasText: /report missing · sent/ }).waitFor();

    // 7. A second run finds no difference for this customer.
    const firstRun = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Run again" }).click();
    await page.waitForURL((url) => /^\/reconciliation\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== firstRun);
    // The URL changes as the new run's data arrives; wait for its rows (the old page showed one).
    await mine.nth(3).waitFor();
    const differences = await mine.getByTestId("difference").allTextContents();
    expect(differences.length).toBeGreaterThanOrEqual(4);
    expect(new Set(differences)).toEqual(new Set(["0"]));
    // The same lines as a CSV download.
    const csv = await page.request.get(`${page.url()}/csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const csvLines = (await csv.text()).trim().split("\r\n");
    expect(csvLines[0]).toBe("run_id,period_start,period_end,customer_id,customer_email,meter,ledger_value,stripe_value,difference,in_flight_value,unexplained,repair_action,repair_status,repair_detail");
    const demoOutputRow = csvLines.find((l) => l.includes(customer.email) && l.includes(",mk_meterkit_demo_output,"));
    // Ledger and Stripe agree; the repair went out moments ago, so its tokens still count as in
    // flight (Stripe's summaries may lag), and nothing is unexplained.
    const out = demo.billed_output_tokens;
    expect(demoOutputRow).toContain(`,${out},${out},0,${out},0,`);

    // 7b. The same check from the customer's page, over their billing period and for them alone.
    await open(page, `${stack.adminUrl}/customers/${customer.customerId}`);
    await page.getByRole("button", { name: "this period", exact: true }).click();
    await page.waitForURL((url) => /^\/reconciliation\/[0-9a-f-]{36}$/.test(url.pathname));
    await mine.nth(3).waitFor();
    const inRun = await page.locator("[data-customer]").evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute("data-customer")))]);
    expect(inRun).toEqual([customer.email]);
    expect(new Set(await mine.getByTestId("difference").allTextContents())).toEqual(new Set(["0"]));

    // 8. A credit reaches the customer's Stripe balance, and their invoice preview is lowered by it.
    await open(page, `${stack.adminUrl}/customers/${customer.customerId}`);
    await confirmInDialog(page, "Grant credit", "Grant credit", { Amount: "2.50", "Note (kept with the ledger event and in the audit log)": "sorry for the lost report" });
    await waitForNotice(page, "Credit granted");
    for (let i = 0; ; i++) {
      const transfer = await db.selectFrom("credit_transfers").select(["status", "last_error"]).where("customer_id", "=", customer.customerId).executeTakeFirstOrThrow();
      if (transfer.status === "sent") break;
      if (i >= 60) throw new Error(`the credit never reached Stripe: ${JSON.stringify(transfer)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await open(page, `${stack.adminUrl}/customers/${customer.customerId}`);
    expect(await page.getByTestId("credit-row").textContent()).toMatch(/\$2\.50.*sorry for the lost report.*on Stripe balance.*cbtxn_/);
    const invoiceContext = await browser.newContext();
    const invoicePage = await invoiceContext.newPage();
    await signIn(invoicePage, customer, "web");
    await openApp(invoicePage, `${stack.webUrl}/app/usage`);
    expect(await invoicePage.getByTestId("invoice-balance-applied").textContent()).toBe("-$2.50");
    const lineCents = (await invoicePage.getByTestId("invoice-line").allTextContents()).map((text) => Math.round(Number(/\$([\d,]+\.\d+)$/.exec(text)![1]!.replace(/,/g, "")) * 100));
    const dueCents = Math.round(Number((await invoicePage.getByTestId("invoice-total").textContent())!.replace(/[$,]/g, "")) * 100);
    expect(dueCents).toBe(Math.max(0, lineCents.reduce((sum, cents) => sum + cents, 0) - 250));
    await invoiceContext.close();

    // 9. The audit log lists every admin action of the journey.
    await open(page, `${stack.adminUrl}/audit?actor=${admin.id}`);
    const actions = await page.getByTestId("audit-entry").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["customer.grant_credit", "reconciliation.run", "reconciliation.run", "reconciliation.repair", "reconciliation.run", "plan.create"]);
  }, 240_000);
});

function dollars(micros: number): string {
  const whole = Math.floor(micros / 1_000_000).toLocaleString("en-US");
  const fraction = String(micros % 1_000_000).padStart(6, "0").replace(/0+$/, "").padEnd(2, "0");
  return `$${whole}.${fraction}`;
}

/**
 * Waits until every usage event of the customer is covered by a meter report (one per token
 * class it has) and every report has been accepted by Stripe.
 */
async function waitForAllReportsSent(db: Db, customerId: string) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const unreported = await db
      .selectFrom("usage_events as e")
      .select("e.id")
      .where("e.customer_id", "=", customerId)
      .where("e.kind", "=", "usage")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("meter_report_items as i").select("i.usage_event_id").whereRef("i.usage_event_id", "=", "e.id"))))
      .execute();
    const rows = await db
      .selectFrom("meter_reports as r")
      .innerJoin("meters as m", "m.id", "r.meter_id")
      .select(["r.identifier", "r.value", "r.status", "m.event_name"])
      .where("r.customer_id", "=", customerId)
      .execute();
    if (unreported.length === 0 && rows.length > 0 && rows.every((r) => r.status === "sent")) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the customer's usage did not all reach Stripe within 30 s");
}
