import type { Page } from "playwright-core";

/**
 * Steps of the customer journey, driven the way a person uses the app: labelled fields and
 * buttons, and waits on what the page shows rather than on time.
 */

/** Opens an app page and waits for React to hydrate it (the streaming chat needs JavaScript). */
export async function openApp(page: Page, url: string) {
  await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function signUpThroughForm(page: Page, webUrl: string, user: { name: string; email: string; password: string }) {
  await page.goto(`${webUrl}/signup`);
  await page.getByLabel("Name or company").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/app\/plans/);
}

/** Samples a text while a condition holds; returns every distinct value seen, in order. */
export async function sampleWhile(page: Page, read: () => Promise<string>, running: () => Promise<boolean>, limit = 200): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit && (await running()); i++) {
    const value = await read();
    if (seen.at(-1) !== value) seen.push(value);
    await page.waitForTimeout(50);
  }
  return seen;
}

/** The assistant message currently being written (the live turn). */
export const streamingReply = (page: Page) => page.locator('[data-testid="assistant-message"][data-status="streaming"]');

/** Reads a number shown with thousands separators ("1,234"). */
export const count = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));
