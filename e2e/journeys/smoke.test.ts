import { describe, expect, test } from "../support/fixtures";

describe("smoke: the stack serves its pages", () => {
  test("the landing page says what Meterkit is and links to pricing", async ({ page, stack }) => {
    await page.goto(stack.webUrl);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Sell LLM access, billed per token");
    expect(await page.getByTestId("local-mode").textContent()).toContain("Stripe emulator");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pricing" }).click();
    await page.waitForURL(`${stack.webUrl}/pricing`);
  });

  test("pricing lists every public plan from the database with its per-model prices", async ({ page, stack, db }) => {
    const plans = await db
      .selectFrom("plans")
      .select(["id", "name"])
      .where("is_public", "=", true)
      .where("archived_at", "is", null)
      .execute();
    expect(plans.length).toBeGreaterThan(0);

    await page.goto(`${stack.webUrl}/pricing`);
    for (const plan of plans) {
      const card = page.getByTestId(`plan-${plan.id}`);
      expect(await card.getByRole("heading").first().textContent()).toBe(plan.name);
      const rates = await db
        .selectFrom("plan_rates")
        .select(["model"])
        .where("plan_id", "=", plan.id)
        .where("superseded_at", "is", null)
        .execute();
      for (const rate of rates) {
        const row = card.getByTestId(`rate-${rate.model}`);
        expect(await row.count()).toBe(1);
        // Input and output prices are shown per 1M tokens, in dollars.
        expect(await row.textContent()).toMatch(/\$\d[\d,]*\.\d{2,6}.*\$\d[\d,]*\.\d{2,6}/);
      }
    }
  });

  test("the admin portal shows its login form and its runtime modes", async ({ page, stack }) => {
    await page.goto(`${stack.adminUrl}/login`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Log in to the admin portal");
    expect(await page.getByLabel("Email").count()).toBe(1);
    expect(await page.getByLabel("Password").count()).toBe(1);
    const modes = await page.getByTestId("runtime-modes").textContent();
    expect(modes).toMatch(/Postgres/);
    expect(modes).toContain("Stripe emulator");
    expect(modes).toContain("demo model");
  });

  test("an admin logs in with email and password and lands on the overview", async ({ page, stack, admin }) => {
    await page.goto(`${stack.adminUrl}/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("Email or password is incorrect");

    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${stack.adminUrl}/`);
    // The header names the signed-in admin on every page.
    await page.getByRole("banner").getByText(admin.email).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Overview");
  });
  test("an unknown address is a 404 page that hydrates, in both apps, signed in and out", async ({ page, stack, admin, customer, signIn }) => {
    // A document whose address partly matched a nested route used to fail hydration.
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const expectNotFound = async (url: string, text: string) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(404);
      await page.getByText(text).waitFor();
      // The page's scripts have loaded and hydrated (a mismatch is a page error).
      await page.waitForLoadState("networkidle");
    };
    await expectNotFound(`${stack.webUrl}/no/such/page`, "There is no page at this address");
    await signIn(page, customer, "web");
    await expectNotFound(`${stack.webUrl}/app/no/such/page`, "There is no page at this address in the app");
    // The app's frame stays, so the customer can navigate on.
    await page.getByRole("link", { name: "Back to the app" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/app") && !url.pathname.includes("no/such"));
    await signIn(page, admin, "admin");
    await expectNotFound(`${stack.adminUrl}/reconciliation/x/y`, "There is no page at this address");
    expect(errors).toEqual([]);
  });
});
