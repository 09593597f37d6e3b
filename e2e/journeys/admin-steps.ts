import type { Page } from "playwright-core";

/**
 * Steps of the admin journey that drive the portal the way an operator does: through labelled
 * fields and buttons, waiting on what the page shows rather than on time.
 */

/**
 * Opens a portal page and waits until React has hydrated it (dialogs and client state need
 * that) and the network is quiet: in development Vite may reload a page once after its first
 * visit, when it finishes optimizing a dependency.
 */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await settle(page);
}

export async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function logInAsAdmin(page: Page, adminUrl: string, user: { email: string; password: string }) {
  await open(page, `${adminUrl}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${adminUrl}/`);
  await settle(page);
}

export interface RateInput {
  model: string;
  input: string;
  cachedInput: string;
  output: string;
}

export async function createPlan(page: Page, adminUrl: string, plan: { code: string; name: string; baseFee: string; rates: RateInput[] }): Promise<string> {
  await open(page, `${adminUrl}/plans`);
  await page.getByRole("link", { name: "New plan" }).first().click();
  await page.waitForURL(`${adminUrl}/plans/new`);
  await settle(page);
  await page.getByLabel("Code").fill(plan.code);
  await page.getByLabel("Name", { exact: true }).fill(plan.name);
  await page.getByLabel("Base fee per month").fill(plan.baseFee);
  // Report each request's usage to Stripe right away, so reconciliation sees it without waiting.
  await page.getByLabel("Report usage to Stripe").selectOption("immediate");
  for (const [i, rate] of plan.rates.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add model" }).click();
    await page.getByLabel(`Model ${i + 1}`, { exact: true }).fill(rate.model);
    await page.getByLabel(`Input rate for model ${i + 1}, dollars per 1M tokens`, { exact: true }).fill(rate.input);
    await page.getByLabel(`Cached input rate for model ${i + 1}, dollars per 1M tokens`, { exact: true }).fill(rate.cachedInput);
    await page.getByLabel(`Output rate for model ${i + 1}, dollars per 1M tokens`, { exact: true }).fill(rate.output);
  }
  await page.getByRole("button", { name: "Create plan" }).click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?saved=created/);
  return new URL(page.url()).pathname.split("/").pop() ?? "";
}

/** Waits for a status or alert message containing `text` and returns all of its text. */
export async function waitForNotice(page: Page, text: string | RegExp): Promise<string> {
  const notice = page.locator('[role="status"], [role="alert"]').filter({ hasText: text }).first();
  await notice.waitFor();
  return (await notice.textContent()) ?? "";
}

/** Opens a confirmation dialog by its trigger button, fills the reason and confirms. */
export async function confirmInDialog(page: Page, trigger: string, confirm: string, fill: Record<string, string> = {}) {
  await page.getByRole("button", { name: trigger, exact: true }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole("button", { name: confirm }).click();
  await dialog.waitFor({ state: "hidden" });
}

/** Runs a reconciliation for today's UTC day and returns the run page's path. */
export async function runReconciliation(page: Page, adminUrl: string): Promise<string> {
  await open(page, `${adminUrl}/reconciliation`);
  await page.getByRole("button", { name: "Run reconciliation" }).click();
  await page.waitForURL(/\/reconciliation\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}
