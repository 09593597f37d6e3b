import { randomUUID } from "node:crypto";
import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "../errors";
import type { Mail } from "../context";
import { logIn } from "./log-in";
import { logOut } from "./log-out";
import { loginThrottle, loginThrottleKey, takeLoginAttempt } from "./login-throttle";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { hashPassword } from "./password";
import { resolveSession, sessionLifetimeMs } from "./sessions";
import { signUp } from "./sign-up";

const t = useTestDb();
const password = "correct horse battery";
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@Example.TEST`;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a rejection");
}

describe("signUp", () => {
  it("creates the customer, its user (lower-cased email, argon2id hash) and a working session", async () => {
    const address = email("new");
    const { user, customer, session } = await signUp(t.db, { email: address, password, name: "Acme" });
    expect(user.email).toBe(address.toLowerCase());
    expect(customer).toMatchObject({ name: "Acme", email: address.toLowerCase() });
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.customer_id).toBe(customer.id);
    expect(row.role).toBe("customer");
    expect(row.password_hash.startsWith("$argon2id$")).toBe(true);
    const resolved = await resolveSession(t.db, session.token);
    expect(resolved?.user).toMatchObject({ id: user.id, customerId: customer.id, role: "customer" });
  });

  it("stores only a hash of the session token", async () => {
    const { session } = await signUp(t.db, { email: email("hash"), password, name: "Hash" });
    const rows = await t.db.selectFrom("sessions").select("id").execute();
    expect(rows.map((r) => r.id)).not.toContain(session.token);
    expect(rows.map((r) => r.id)).toContain(session.id);
    expect(session.id).not.toContain(session.token.slice(0, 8));
  });

  it("refuses a second account for the same email, whatever its case, with a field error", async () => {
    const address = email("dup");
    await signUp(t.db, { email: address, password, name: "First" });
    const error = await failure(signUp(t.db, { email: `  ${address.toUpperCase()} `, password, name: "Second" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.appCode).toBe("ALREADY_EXISTS");
    expect(error.fieldErrors?.email?.[0]).toMatch(/already exists/);
    const customers = await t.db.selectFrom("customers").select("id").where("name", "=", "Second").execute();
    expect(customers).toHaveLength(0);
  });

  it("explains each invalid field", async () => {
    const error = await failure(signUp(t.db, { email: "not-an-email", password: "short", name: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.email?.[0]).toMatch(/valid email/);
    expect(error.fieldErrors?.password?.[0]).toMatch(/at least 10 characters/);
    expect(error.fieldErrors?.name?.[0]).toMatch(/name/);
  });

  it("runs onCustomerCreated after commit and survives its failure", async () => {
    const seen: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { customer } = await signUp(t.db, { email: email("hook"), password, name: "Hook" }, {
      onCustomerCreated: async (c) => {
        seen.push(c.id);
        throw new Error("Stripe is down");
      },
    });
    expect(seen).toEqual([customer.id]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(customer.id), expect.any(Error));
    warn.mockRestore();
    const row = await t.db.selectFrom("customers").select("id").where("id", "=", customer.id).executeTakeFirst();
    expect(row).toBeDefined();
  });
});

describe("logIn", () => {
  it("signs in with the right password and refuses a wrong one", async () => {
    const address = email("login");
    await signUp(t.db, { email: address, password, name: "Login" });
    const ok = await logIn(t.db, { email: address.toUpperCase(), password }, { ip: "10.0.0.1", audience: "customer" });
    expect(ok.user.email).toBe(address.toLowerCase());
    expect((await resolveSession(t.db, ok.session.token))?.user.id).toBe(ok.user.id);
    const error = await failure(logIn(t.db, { email: address, password: "wrong password!" }, { ip: "10.0.0.1", audience: "customer" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("Email or password is incorrect.");
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const error = await failure(logIn(t.db, { email: email("ghost"), password }, { ip: "10.0.0.2", audience: "customer" }));
    expect(error.appCode).toBe("INVALID_CREDENTIALS");
    expect(error.message).toBe("Email or password is incorrect.");
  });

  it("locks an email+IP out after repeated failures, even for the right password, but not other IPs", async () => {
    const address = email("brute");
    await signUp(t.db, { email: address, password, name: "Brute" });
    const attacker = { ip: "203.0.113.9", audience: "customer" as const };
    for (let i = 0; i < loginThrottle.maxFailures; i++) {
      const error = await failure(logIn(t.db, { email: address, password: `guess number ${i}` }, attacker));
      expect(error.appCode).toBe("INVALID_CREDENTIALS");
    }
    const limited = await failure(logIn(t.db, { email: address, password }, attacker));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.httpStatus).toBe(429);
    expect(limited.message).toMatch(/Try again in about \d+ minute/);
    const elsewhere = await logIn(t.db, { email: address, password }, { ip: "198.51.100.7", audience: "customer" });
    expect(elsewhere.user.email).toBe(address.toLowerCase());
  });

  it("holds the limit when the guesses arrive all at once: only the first few reach the password check", async () => {
    const address = email("burst");
    await signUp(t.db, { email: address, password, name: "Burst" });
    const attacker = { ip: "203.0.113.10", audience: "customer" as const };
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => failure(logIn(t.db, { email: address, password: `burst guess ${i}` }, attacker))));
    const checked = outcomes.filter((e) => e.appCode === "INVALID_CREDENTIALS").length;
    expect(checked).toBe(loginThrottle.maxFailures);
    expect(outcomes.filter((e) => e.code === "TOO_MANY_REQUESTS")).toHaveLength(30 - loginThrottle.maxFailures);
    // The right password, from another address, still works and is not counted against anyone.
    expect((await logIn(t.db, { email: address, password }, { ip: "198.51.100.8", audience: "customer" })).user.email).toBe(address.toLowerCase());
  });

  it("still refuses just after a window boundary, when the failures are split across it", async () => {
    const key = loginThrottleKey("split@example.com", "203.0.113.11");
    const boundary = Math.ceil(Date.now() / loginThrottle.windowMs) * loginThrottle.windowMs;
    for (let i = 0; i < 3; i++) expect(await takeLoginAttempt(t.db, key, new Date(boundary - 1_000))).toBe(0);
    for (let i = 0; i < 2; i++) expect(await takeLoginAttempt(t.db, key, new Date(boundary + 1_000))).toBe(0);
    expect(await takeLoginAttempt(t.db, key, new Date(boundary + 2_000))).toBeGreaterThan(0);
  });

  it("keeps customer users out of the admin portal and admins out of the customer app", async () => {
    const customerEmail = email("cust");
    await signUp(t.db, { email: customerEmail, password, name: "Cust" });
    const asAdmin = await failure(logIn(t.db, { email: customerEmail, password }, { ip: null, audience: "admin" }));
    expect(asAdmin.code).toBe("FORBIDDEN");

    const adminEmail = email("admin").toLowerCase();
    await t.db.insertInto("users").values({ email: adminEmail, password_hash: await hashPassword(password), role: "admin", customer_id: null }).execute();
    const asCustomer = await failure(logIn(t.db, { email: adminEmail, password }, { ip: null, audience: "customer" }));
    expect(asCustomer.code).toBe("FORBIDDEN");
    const ok = await logIn(t.db, { email: adminEmail, password }, { ip: null, audience: "admin" });
    expect(ok.user).toMatchObject({ role: "admin", customerId: null });
  });
});

describe("sessions", () => {
  it("logOut ends the session; a second logOut is harmless", async () => {
    const { session } = await signUp(t.db, { email: email("out"), password, name: "Out" });
    expect(await resolveSession(t.db, session.token)).not.toBeNull();
    await logOut(t.db, session.token);
    expect(await resolveSession(t.db, session.token)).toBeNull();
    await logOut(t.db, session.token);
    await logOut(t.db, null);
  });

  it("rolls the expiry forward when used after a day, and expires unused sessions", async () => {
    const { session } = await signUp(t.db, { email: email("roll"), password, name: "Roll" });
    const soon = new Date(Date.now() + 60_000);
    const same = await resolveSession(t.db, session.token, soon);
    expect(same?.renewed).toBe(false);

    const later = new Date(Date.now() + 3 * 24 * 3600_000);
    const renewed = await resolveSession(t.db, session.token, later);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + sessionLifetimeMs);

    const afterExpiry = new Date(later.getTime() + sessionLifetimeMs + 1000);
    expect(await resolveSession(t.db, session.token, afterExpiry)).toBeNull();
    expect(await t.db.selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst()).toBeUndefined();
  });

  it("ignores unknown and empty tokens", async () => {
    expect(await resolveSession(t.db, "made-up-token")).toBeNull();
    expect(await resolveSession(t.db, "")).toBeNull();
  });
});

describe("password reset", () => {
  function mailbox() {
    const mails: Mail[] = [];
    return {
      mails,
      options: { sendMail: async (m: Mail) => void mails.push(m), resetUrl: (token: string) => `http://localhost:3000/reset-password?token=${token}` },
      token: () => /token=([A-Za-z0-9_-]+)/.exec(mails.at(-1)?.text ?? "")?.[1] ?? "",
    };
  }

  it("mails a one-hour link, stores only its hash, resets the password once and ends every session", async () => {
    const address = email("reset");
    const { session } = await signUp(t.db, { email: address, password, name: "Reset" });
    const box = mailbox();
    await requestPasswordReset(t.db, { email: address }, box.options);
    expect(box.mails).toHaveLength(1);
    expect(box.mails[0]?.to).toBe(address.toLowerCase());
    const token = box.token();
    expect(token.length).toBeGreaterThan(30);
    const stored = await t.db.selectFrom("password_resets").selectAll().execute();
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    const row = stored.at(-1)!;
    const lifetime = new Date(row.expires_at).getTime() - new Date(row.created_at).getTime();
    expect(Math.abs(lifetime - 3600_000)).toBeLessThan(60_000);

    const newPassword = "a brand new passphrase";
    await resetPassword(t.db, { token, password: newPassword });
    expect(await resolveSession(t.db, session.token)).toBeNull();
    await failure(logIn(t.db, { email: address, password }, { ip: null, audience: "customer" }));
    const ok = await logIn(t.db, { email: address, password: newPassword }, { ip: null, audience: "customer" });
    expect(ok.user.email).toBe(address.toLowerCase());

    const reused = await failure(resetPassword(t.db, { token, password: "yet another passphrase" }));
    expect(reused.appCode).toBe("INVALID_TOKEN");
    expect(reused.code).toBe("BAD_REQUEST");
  });

  it("says nothing about unknown emails and rejects made-up or expired tokens", async () => {
    const box = mailbox();
    await requestPasswordReset(t.db, { email: email("nobody") }, box.options);
    expect(box.mails).toHaveLength(0);

    const bogus = await failure(resetPassword(t.db, { token: "x".repeat(43), password: "long enough pass" }));
    expect(bogus.appCode).toBe("INVALID_TOKEN");

    const address = email("expired");
    await signUp(t.db, { email: address, password, name: "Expired" });
    await requestPasswordReset(t.db, { email: address }, box.options);
    const token = box.token();
    const user = await t.db.selectFrom("users").select("id").where("email", "=", address.toLowerCase()).executeTakeFirstOrThrow();
    await t.db.updateTable("password_resets").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", user.id).execute();
    const expired = await failure(resetPassword(t.db, { token, password: "long enough pass" }));
    expect(expired.appCode).toBe("INVALID_TOKEN");
  });

  it("validates the new password", async () => {
    const error = await failure(resetPassword(t.db, { token: "y".repeat(43), password: "short" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors?.password?.[0]).toMatch(/at least 10/);
  });
});
