import { signUp } from "@meterkit/api";
import { usageEventFixture } from "@meterkit/db/testing";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "../support/fixtures";
import { subscribeThroughCheckout } from "./admin-customer-steps";
import { count, openApp, sampleWhile, signUpThroughForm, streamingReply } from "./customer-steps";

/** "$0.000344" → 344 micros, digit by digit. */
const micros = (text: string | null) => {
  const [whole = "0", fraction = ""] = (text ?? "").replace(/[$,\s]/g, "").split(".");
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"));
};

describe("customer journey", () => {
  test("sign up, subscribe through Checkout, chat with a live meter, stop a reply, then see both requests on the usage page and the invoice", { timeout: 180_000 }, async ({ page, stack, db }) => {
    const user = { name: "Journey Co", email: `journey-${randomUUID().slice(0, 8)}@e2e.test`, password: "a long enough password" };
    await signUpThroughForm(page, stack.webUrl, user);
    const customer = await db
      .selectFrom("customers")
      .select(["id", "stripe_customer_id"])
      .where("email", "=", user.email)
      .executeTakeFirstOrThrow();
    expect(customer.stripe_customer_id).toMatch(/^cus_/);

    // Before paying there is no chat, and the page says why.
    await openApp(page, `${stack.webUrl}/app/chat`);
    await page.getByText("You need an active subscription to chat").waitFor();

    // Pro reports usage to Stripe right after each reply, so the invoice preview is current.
    await subscribeThroughCheckout(page, stack.webUrl, "Pro");
    const subscribed = await db.selectFrom("customers").select(["subscription_status", "stripe_subscription_id"]).where("id", "=", customer.id).executeTakeFirstOrThrow();
    expect(subscribed.subscription_status).toBe("active");
    expect(subscribed.stripe_subscription_id).toMatch(/^sub_/);

    // First message: the text grows while it streams and the meter ticks.
    await openApp(page, `${stack.webUrl}/app/chat`);
    await page.getByLabel("Model").selectOption("meterkit-demo");
    await page.getByLabel("Message").fill("How should I price tokens for my customers?");
    await page.getByRole("button", { name: "Send" }).click();
    await streamingReply(page).getByTestId("assistant-text").waitFor();
    const streaming = () => streamingReply(page).count().then((n) => n > 0);
    const [texts, meter] = await Promise.all([
      sampleWhile(page, async () => (await streamingReply(page).getByTestId("assistant-text").textContent().catch(() => null)) ?? "", streaming),
      sampleWhile(page, async () => (await page.getByTestId("meter-completion-tokens").textContent().catch(() => null)) ?? "", streaming),
    ]);
    expect(texts.length, "the reply appeared in several steps").toBeGreaterThanOrEqual(3);
    for (let i = 1; i < texts.length; i++) if (texts[i]) expect(texts[i]!.startsWith(texts[i - 1]!)).toBe(true);
    const ticks = meter.map(count).filter((n) => n > 0);
    expect(ticks.length, "the token meter ticked").toBeGreaterThanOrEqual(3);
    expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
    await page.locator('[data-testid="assistant-message"][data-status="completed"]').waitFor();
    await page.waitForURL(/\/app\/chat\/[0-9a-f-]{36}$/);

    // Second message: stopped mid-answer with the Stop button.
    await page.getByLabel("Message").fill("Write a long explanation of usage based billing for invoices");
    await page.getByRole("button", { name: "Send" }).click();
    await streamingReply(page).getByTestId("assistant-text").waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="meter-completion-tokens"]')?.textContent?.replace(/\D/g, "") ?? 0) >= 5);
    await page.getByRole("button", { name: "Stop the reply" }).click();
    await page.locator('[data-testid="assistant-message"][data-status="aborted"]').waitFor();
    await page.getByRole("button", { name: "Send" }).waitFor();

    // The ledger has both requests (the stopped one is written a moment after the disconnect),
    // and the messages carry their status.
    // The assistant message is stored right after its usage event, so both are awaited.
    const ledger = () => db.selectFrom("usage_events").selectAll().where("customer_id", "=", customer.id).orderBy("occurred_at").execute();
    const storedReplies = () =>
      db
        .selectFrom("messages")
        .innerJoin("conversations", "conversations.id", "messages.conversation_id")
        .select(["messages.status", "messages.usage_event_id"])
        .where("conversations.customer_id", "=", customer.id)
        .where("messages.role", "=", "assistant")
        .orderBy("messages.created_at")
        .execute();
    let [events, assistantMessages] = await Promise.all([ledger(), storedReplies()]);
    for (let i = 0; (events.length < 2 || assistantMessages.length < 2) && i < 50; i++) {
      await page.waitForTimeout(100);
      [events, assistantMessages] = await Promise.all([ledger(), storedReplies()]);
    }
    expect(events.map((e) => e.status)).toEqual(["completed", "aborted"]);
    expect(events[1]!.completion_tokens).toBeGreaterThan(0);
    expect(assistantMessages).toEqual(events.map((e) => ({ status: e.status, usage_event_id: e.id })));

    // The usage page shows each request as the ledger has it.
    await openApp(page, `${stack.webUrl}/app/usage`);
    for (const event of events) {
      const row = page.locator(`[data-testid="usage-event"][data-request-id="${event.request_id}"]`);
      expect(await row.getAttribute("data-status")).toBe(event.status);
      expect(count(await row.getByTestId("event-input").textContent())).toBe(event.billed_input_tokens + event.billed_cached_input_tokens);
      expect(count(await row.getByTestId("event-output").textContent())).toBe(event.billed_output_tokens);
      expect(micros(await row.getByTestId("event-cost").textContent())).toBe(event.cost_micros);
    }
    const ledgerCost = events.reduce((sum, e) => sum + e.cost_micros, 0);
    expect(micros(await page.getByTestId("cost-so-far").textContent())).toBe(ledgerCost);

    // Stripe's invoice preview lists input and output tokens on their own lines, with the
    // ledger's quantities once the immediate flush has reached Stripe.
    const ledgerTokens = {
      input: events.reduce((sum, e) => sum + e.billed_input_tokens, 0),
      output: events.reduce((sum, e) => sum + e.billed_output_tokens, 0),
    };
    const line = (tokenClass: string) => page.locator(`[data-testid="invoice-line"][data-model="meterkit-demo"][data-token-class="${tokenClass}"]`);
    // Pro sends usage right after each reply, one call per meter at a time (Stripe's rule), so
    // the stopped reply's report may follow the first one's: wait until every event is delivered.
    const undelivered = async () => {
      const rows = await db
        .selectFrom("meter_report_items")
        .innerJoin("meter_reports", "meter_reports.id", "meter_report_items.report_id")
        .select(["meter_report_items.usage_event_id", "meter_reports.status"])
        .where("meter_report_items.usage_event_id", "in", events.map((e) => e.id))
        .execute();
      return events.filter((e) => !rows.some((r) => r.usage_event_id === e.id && r.status === "sent")).length;
    };
    for (let i = 0; (await undelivered()) > 0; i++) {
      if (i >= 180) {
        const reports = await db.selectFrom("meter_reports").select(["status", "value", "attempts", "last_error", "next_attempt_at"]).where("customer_id", "=", customer.id).execute();
        throw new Error(`usage never reached Stripe: ${JSON.stringify(reports)}`);
      }
      await page.waitForTimeout(500);
    }
    await openApp(page, `${stack.webUrl}/app/usage`);
    expect(count(await line("input").getByTestId("invoice-line-quantity").textContent())).toBe(ledgerTokens.input);
    expect(count(await line("output").getByTestId("invoice-line-quantity").textContent())).toBe(ledgerTokens.output);
    expect(await line("input").textContent()).toContain("input tokens");
    expect(await line("output").textContent()).toContain("output tokens");
    expect(await page.locator('[data-testid="invoice-line"][data-kind="base"]').textContent()).toContain("Pro");
  });

  test("another customer's conversations and usage are unreachable by URL and through tRPC", async ({ page, stack, db, customer, signIn }) => {
    const other = await signUp(db, { email: `other-${randomUUID().slice(0, 8)}@e2e.test`, password: "another long password", name: "Other Co" });
    const theirs = await db
      .insertInto("conversations")
      .values({ customer_id: other.customer.id, user_id: other.user.id, model: "meterkit-demo", title: "Their secret plans" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("messages").values({ conversation_id: theirs.id, role: "user", content: "a secret message" }).execute();
    const theirEvent = usageEventFixture(other.customer.id, { conversation_id: theirs.id });
    await db.insertInto("usage_events").values(theirEvent).execute();

    await signIn(page, customer, "web");
    // A guessed URL answers like a conversation that does not exist.
    const response = await page.goto(`${stack.webUrl}/app/chat/${theirs.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain("secret");
    await page.getByTestId("route-error").waitFor();

    // tRPC, with the same session cookie the browser holds.
    const get = await page.request.get(`${stack.webUrl}/api/trpc/conversations.get?input=${encodeURIComponent(JSON.stringify({ id: theirs.id }))}`);
    expect(get.status()).toBe(404);
    expect(await get.text()).not.toContain("secret");
    const list = await (await page.request.get(`${stack.webUrl}/api/trpc/conversations.find`)).json();
    expect(JSON.stringify(list)).not.toContain(theirs.id);
    const usage = await (await page.request.get(`${stack.webUrl}/api/trpc/usage.findEvents`)).json();
    expect(JSON.stringify(usage)).not.toContain(theirEvent.request_id);
    const csv = await (await page.request.get(`${stack.webUrl}/app/usage.csv`)).text();
    expect(csv).not.toContain(theirEvent.request_id);

    // Writing into their conversation is refused the same way, and nothing is stored.
    const post = await page.request.post(`${stack.webUrl}/app/chat/${theirs.id}/stream`, {
      headers: { origin: stack.webUrl, "content-type": "application/json" },
      data: { message: "let me in" },
    });
    expect(post.status()).toBe(404);
    const rename = await page.request.post(`${stack.webUrl}/api/trpc/conversations.update`, {
      headers: { origin: stack.webUrl, "content-type": "application/json" },
      data: { id: theirs.id, title: "mine now" },
    });
    expect(rename.status()).toBe(404);
    const after = await db.selectFrom("conversations").select("title").where("id", "=", theirs.id).executeTakeFirstOrThrow();
    expect(after.title).toBe("Their secret plans");
    const messages = await db.selectFrom("messages").select("content").where("conversation_id", "=", theirs.id).execute();
    expect(messages.map((m) => m.content)).toEqual(["a secret message"]);

    // A form post from another site is refused before any procedure runs.
    const forged = await page.request.post(`${stack.webUrl}/api/trpc/apiKeys.create`, {
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      data: { name: "stolen" },
    });
    expect(forged.status()).toBe(403);
  });

  test("accounts: field errors, the rate-limited login message, and a password reset through the logged link", async ({ page, stack, customer }) => {
    await page.goto(`${stack.webUrl}/login`);
    await page.getByRole("button", { name: "Log in" }).click();
    expect(await page.locator("#field-email-error").textContent()).toContain("valid email");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");

    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Email").fill(customer.email);
      await page.getByLabel("Password").fill(`wrong guess ${i}`);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText("Email or password is incorrect.").waitFor();
    }
    await page.getByLabel("Password").fill(customer.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Too many attempts").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/Try again in about \d+ minutes?/);

    // The reset mail goes to the web server's log in development; follow its link.
    await page.getByRole("link", { name: "Reset your password" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(customer.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText("Check your email").waitFor();
    let link: string | undefined;
    for (let i = 0; !link && i < 50; i++) {
      const log = await readFile(stack.logFile, "utf8");
      const mail = log.slice(log.lastIndexOf(`to=${customer.email.toLowerCase()}`));
      link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(mail)?.[0];
      if (!link) await page.waitForTimeout(100);
    }
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("Repeat the new password").fill("not the same one");
    await page.getByRole("button", { name: "Save new password" }).click();
    expect(await page.locator("#field-confirm-error").textContent()).toContain("not the same");
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("Repeat the new password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Save new password" }).click();
    await page.waitForURL(/\/login\?reset=1/);

    // The reset also lifted the lock-out; the new password works.
    await page.getByLabel("Email").fill(customer.email);
    await page.getByLabel("Password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/app\//);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(customer.email.toLowerCase());

    // Log out is a POST; afterwards the app sends you to the login page.
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${stack.webUrl}/app/usage`);
    await page.waitForURL(/\/login\?next=%2Fapp%2Fusage/);
  });

  test("account: change the password on /app/account, other devices are signed out, and the new password logs in", async ({ page, browser, stack, customer, signIn }) => {
    // A second device, signed in and in use before the change.
    const phone = await browser.newContext();
    try {
      const phonePage = await phone.newPage();
      await signIn(phonePage, customer, "web");
      await phonePage.goto(`${stack.webUrl}/app/usage`);
      await phonePage.waitForURL(/\/app\/usage/);

      await signIn(page, customer, "web");
      await openApp(page, `${stack.webUrl}/app/usage`);
      await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Account" }).click();
      await page.waitForURL(/\/app\/account$/);
      expect(await page.getByTestId("account-email").textContent()).toBe(customer.email.toLowerCase());

      // Wrong current password, then a mismatched confirmation: each a field error, nothing changed.
      await page.getByLabel("Current password").fill("not my password");
      await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
      await page.getByLabel("Repeat the new password").fill("a brand new passphrase");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.locator("#field-currentPassword-error").getByText("Your current password is incorrect.").waitFor();
      await page.getByLabel("Current password").fill(customer.password);
      await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
      await page.getByLabel("Repeat the new password").fill("not the same one");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.locator("#field-confirmPassword-error").getByText("not the same").waitFor();

      await page.getByLabel("Current password").fill(customer.password);
      await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
      await page.getByLabel("Repeat the new password").fill("a brand new passphrase");
      await page.getByRole("button", { name: "Change password" }).click();
      // The fixture's sign-up left a session of its own, so the phone is one of several ended.
      await page.getByText(/^Password changed\. \d+ other devices were signed out\.$/).waitFor();

      // This browser stays signed in; the other device is sent to the login page.
      await openApp(page, `${stack.webUrl}/app/usage`);
      expect(page.url()).toMatch(/\/app\/usage$/);
      const deadline = Date.now() + 10_000;
      do await phonePage.goto(`${stack.webUrl}/app/usage`);
      while (!phonePage.url().includes("/login") && Date.now() < deadline);
      expect(phonePage.url()).toMatch(/\/login\?next=%2Fapp%2Fusage/);
    } finally {
      await phone.close();
    }

    // The old password no longer logs in; the new one does.
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(customer.email);
    await page.getByLabel("Password").fill(customer.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Email or password is incorrect.").waitFor();
    await page.getByLabel("Email").fill(customer.email);
    await page.getByLabel("Password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/app\//);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(customer.email.toLowerCase());
  });
});
