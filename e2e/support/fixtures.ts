import { hashPassword, logIn, sessionCookieNames, signUp } from "@meterkit/api";
import { createDb, type Db } from "@meterkit/db";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject, test as base } from "vitest";
import { launchBrowser } from "./browser";
import "./stack-info";

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface TestCustomer extends TestUser {
  customerId: string;
  name: string;
}

const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@e2e.test`;

/**
 * The suite's `test`. Fixtures:
 * - `stack`: URLs of the running stack (started once by the global setup).
 * - `db`: a Kysely client on the stack's database, one per test file.
 * - `browser`: one Chromium per worker; `page`: a fresh browser context per test.
 * - `admin` / `customer`: a new user with a unique email (and, for customers, a customer row),
 *   created through the same functions the apps use. The run's database is new and dropped at
 *   the end, and the ledger is append-only, so users are not deleted after each test.
 * - `signIn(page, user, app)`: puts a real session cookie for that user into the page's context.
 */
export const test = base
  .extend("stack", { scope: "worker" }, () => inject("stack"))
  .extend("db", { scope: "file" }, async ({ stack }, { onCleanup }) => {
    const db: Db = createDb(stack.databaseUrl, { max: 2, applicationName: "meterkit-e2e" });
    onCleanup(() => db.destroy());
    return db;
  })
  .extend("browser", { scope: "worker" }, async ({}, { onCleanup }) => {
    const browser: Browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend("context", async ({ browser }, { onCleanup }) => {
    const context: BrowserContext = await browser.newContext();
    onCleanup(() => context.close());
    return context;
  })
  .extend("page", async ({ context, task }, { onCleanup }) => {
    const page: Page = await context.newPage();
    // A failing journey leaves a screenshot of where it stopped, beside the stack's log. This
    // runs before the context fixture closes the page.
    onCleanup(async () => {
      if (task.result?.state !== "fail") return;
      const file = join(dirname(inject("stack").logFile), `${task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 80)}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`screenshot of the failed journey: ${file} (at ${page.url()})`);
    });
    return page;
  })
  .extend("admin", async ({ db }) => {
    const user = { email: uniqueEmail("admin"), password: `pw-${randomUUID()}` };
    const row = await db
      .insertInto("users")
      .values({ email: user.email, password_hash: await hashPassword(user.password), role: "admin", customer_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, ...user } satisfies TestUser;
  })
  .extend("customer", async ({ db }) => {
    const input = { email: uniqueEmail("customer"), password: `pw-${randomUUID()}`, name: "E2E Test Co" };
    const { user, customer } = await signUp(db, input);
    return { id: user.id, customerId: customer.id, ...input } satisfies TestCustomer;
  })
  .extend("signIn", async ({ db, stack }) => {
    return async (page: Page, user: TestUser, app: "web" | "admin") => {
      const { session } = await logIn(db, user, { ip: null, audience: app === "admin" ? "admin" : "customer" });
      await page.context().addCookies([
        {
          name: app === "admin" ? sessionCookieNames.admin : sessionCookieNames.customer,
          value: session.token,
          url: app === "admin" ? stack.adminUrl : stack.webUrl,
          httpOnly: true,
          sameSite: "Lax",
        },
      ]);
    };
  });

export { expect, describe } from "vitest";
