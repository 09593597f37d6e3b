import { randomUUID } from "node:crypto";
import { describe, expect, test } from "../support/fixtures";
import { confirmInDialog, createPlan, logInAsAdmin, open, waitForNotice } from "./admin-steps";

describe("admin portal", () => {
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
