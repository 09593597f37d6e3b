import type { Page } from "playwright-core";

/**
 * The customer's side of the admin journey, driven through the customer app like a person:
 * subscribe on the plans page, pay on the (emulated) Stripe Checkout page, chat.
 */

export async function subscribeThroughCheckout(page: Page, webUrl: string, planName: string) {
  await page.goto(`${webUrl}/app/plans`);
  await page.getByRole("button", { name: `Subscribe to ${planName}` }).click();
  // Stripe's hosted page (the emulator's), then back to the app.
  await page.getByRole("button", { name: "Pay", exact: true }).click();
  await page.waitForURL(/\/app\/checkout\/return/);
  await page.getByRole("heading", { name: `You are subscribed to ${planName}` }).waitFor();
  // The whole page knows: the app's header no longer asks the customer to choose a plan.
  if ((await page.getByRole("link", { name: /Choose a plan/ }).count()) > 0) throw new Error("the header still offers to choose a plan after checkout");
}

/** Sends one chat message with the chosen model and waits until the reply is complete. */
export async function chatOnce(page: Page, webUrl: string, model: string, message: string) {
  await page.goto(`${webUrl}/app/chat`);
  await page.locator("#chat-model").waitFor();
  await page.getByLabel("Model").selectOption(model);
  await page.getByLabel("Message").fill(message);
  await page.getByRole("button", { name: "Send" }).click();
  await page.locator('[data-testid="assistant-message"][data-status="completed"]').first().waitFor({ timeout: 45_000 });
}
