import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../errors";
import { callerAs, createAdmin, rejectionOf, signUpCustomer, testPassword } from "../test/actors";
import { logIn } from "./log-in";
import { loginThrottle } from "./login-throttle";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { resolveSession } from "./sessions";

const t = useTestDb();
const newPassword = "a brand new passphrase";
const change = (currentPassword: string, next = newPassword, confirmPassword = next) => ({ currentPassword, newPassword: next, confirmPassword });
const signIn = (email: string, password: string, audience: "customer" | "admin" = "customer") => logIn(t.db, { email, password }, { ip: "192.0.2.10", audience });

async function passwordHashOf(userId: string) {
  return (await t.db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow()).password_hash;
}

describe("account.changePassword (customer)", () => {
  it("swaps the password, ends every other session of the user and keeps the current one", async () => {
    const c = await signUpCustomer(t.db, "change");
    const laptop = await signIn(c.user.email, testPassword);
    const phone = await signIn(c.user.email, testPassword);
    const other = await signUpCustomer(t.db, "bystander");

    expect(await c.caller.account.changePassword(change(testPassword))).toEqual({ endedSessions: 2 });

    expect((await resolveSession(t.db, c.session.token))?.user.id).toBe(c.user.id);
    expect(await resolveSession(t.db, laptop.session.token)).toBeNull();
    expect(await resolveSession(t.db, phone.session.token)).toBeNull();
    expect((await resolveSession(t.db, other.session.token))?.user.id).toBe(other.user.id);

    const old = await rejectionOf(signIn(c.user.email, testPassword));
    expect(old.appCode).toBe("INVALID_CREDENTIALS");
    expect((await signIn(c.user.email, newPassword)).user.id).toBe(c.user.id);
    // The current session still works through the API.
    expect((await c.caller.account.get()).user.id).toBe(c.user.id);
  });

  it("spends reset links asked for before the change", async () => {
    const c = await signUpCustomer(t.db, "change-reset");
    let token = "";
    await requestPasswordReset(t.db, { email: c.user.email }, { sendMail: async (m) => void (token = /token=(\S+)/.exec(m.text)?.[1] ?? ""), resetUrl: (tk) => `http://x/reset?token=${tk}` });
    await c.caller.account.changePassword(change(testPassword));
    const stale = await rejectionOf(resetPassword(t.db, { token, password: "an attacker's password" }));
    expect(stale.appCode).toBe("INVALID_TOKEN");
    expect((await signIn(c.user.email, newPassword)).user.id).toBe(c.user.id);
  });

  it("refuses a wrong current password with a field error, changes nothing, and throttles like sign-in", async () => {
    const c = await signUpCustomer(t.db, "change-wrong");
    const other = await signIn(c.user.email, testPassword);
    const hash = await passwordHashOf(c.user.id);

    const error = await rejectionOf(c.caller.account.changePassword(change("not my password")));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)).toEqual({ currentPassword: ["Your current password is incorrect."] });
    expect(await passwordHashOf(c.user.id)).toBe(hash);
    expect(await resolveSession(t.db, other.session.token)).not.toBeNull();

    for (let i = 1; i < loginThrottle.maxFailures; i++) {
      expect((await rejectionOf(c.caller.account.changePassword(change(`guess ${i}`)))).code).toBe("BAD_REQUEST");
    }
    // Locked out now, even with the right current password.
    const limited = await rejectionOf(c.caller.account.changePassword(change(testPassword)));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/Try again in about \d+ minute/);
    expect(await passwordHashOf(c.user.id)).toBe(hash);
  });

  it("holds the new password to the sign-up rule and checks the confirmation", async () => {
    const c = await signUpCustomer(t.db, "change-weak");
    const hash = await passwordHashOf(c.user.id);

    const weak = await rejectionOf(c.caller.account.changePassword(change(testPassword, "short")));
    expect(weak.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(weak)?.newPassword).toEqual(["Password must be at least 10 characters."]);

    const mismatch = await rejectionOf(c.caller.account.changePassword(change(testPassword, newPassword, "a different passphrase")));
    expect(mismatch.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(mismatch)).toEqual({ confirmPassword: ["The two new passwords are not the same."] });

    const empty = await rejectionOf(c.caller.account.changePassword(change("", newPassword)));
    expect(fieldErrorsOf(empty)?.currentPassword).toEqual(["Enter your current password."]);

    expect(await passwordHashOf(c.user.id)).toBe(hash);
  });

  it("changes only the caller's own password, whatever the input names", async () => {
    const a = await signUpCustomer(t.db, "change-a");
    const b = await signUpCustomer(t.db, "change-b");
    const bHash = await passwordHashOf(b.user.id);
    const smuggled = { ...change(testPassword), userId: b.user.id, email: b.user.email } as ReturnType<typeof change>;
    await a.caller.account.changePassword(smuggled);
    expect(await passwordHashOf(b.user.id)).toBe(bHash);
    expect((await resolveSession(t.db, b.session.token))?.user.id).toBe(b.user.id);
    expect((await signIn(b.user.email, testPassword)).user.id).toBe(b.user.id);
    expect((await signIn(a.user.email, newPassword)).user.id).toBe(a.user.id);
  });

  it("is for signed-in customers: anonymous and API-key callers are UNAUTHORIZED, admins use their own", async () => {
    const c = await signUpCustomer(t.db, "change-who");
    const key = await c.caller.apiKeys.create({ name: "k" });
    expect((await rejectionOf(callerAs(t.db).account.changePassword(change(testPassword)))).code).toBe("UNAUTHORIZED");
    const keyOnly = callerAs(t.db, { apiKey: { id: key.apiKey.id, customerId: c.customer.id } });
    expect((await rejectionOf(keyOnly.account.changePassword(change(testPassword)))).code).toBe("UNAUTHORIZED");
    const admin = await createAdmin(t.db);
    expect((await rejectionOf(admin.caller.account.changePassword(change(testPassword)))).code).toBe("FORBIDDEN");
    expect((await rejectionOf(c.caller.admin.account.changePassword(change(testPassword)))).code).toBe("FORBIDDEN");
    expect((await signIn(c.user.email, testPassword)).user.id).toBe(c.user.id);
    expect((await signIn(admin.user.email, testPassword, "admin")).user.id).toBe(admin.user.id);
  });

  it("writes no audit entry for a customer", async () => {
    const c = await signUpCustomer(t.db, "change-noaudit");
    await c.caller.account.changePassword(change(testPassword));
    expect(await t.db.selectFrom("audit_log").select("id").where("actor_user_id", "=", c.user.id).execute()).toEqual([]);
  });
});

describe("admin.account.changePassword", () => {
  it("swaps the admin's password, ends their other sessions, and audits it without the password", async () => {
    const admin = await createAdmin(t.db);
    const other = await signIn(admin.user.email, testPassword, "admin");

    expect(await admin.caller.admin.account.changePassword(change(testPassword))).toEqual({ endedSessions: 1 });
    expect(await resolveSession(t.db, other.session.token)).toBeNull();
    expect((await resolveSession(t.db, admin.session.token))?.user.id).toBe(admin.user.id);
    expect((await rejectionOf(signIn(admin.user.email, testPassword, "admin"))).appCode).toBe("INVALID_CREDENTIALS");
    expect((await signIn(admin.user.email, newPassword, "admin")).user.role).toBe("admin");

    const rows = await t.db.selectFrom("audit_log").selectAll().where("actor_user_id", "=", admin.user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "admin.change_password", target_type: "user", target_id: admin.user.id, before: null, after: { endedSessions: 1 } });
    const hash = await passwordHashOf(admin.user.id);
    expect(JSON.stringify(rows[0])).not.toContain(newPassword);
    expect(JSON.stringify(rows[0])).not.toContain(hash);
  });

  it("refuses a wrong current password with a field error and audits nothing", async () => {
    const admin = await createAdmin(t.db);
    const error = await rejectionOf(admin.caller.admin.account.changePassword(change("the published seed pw")));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)).toEqual({ currentPassword: ["Your current password is incorrect."] });
    const weak = await rejectionOf(admin.caller.admin.account.changePassword(change(testPassword, "admin")));
    expect(fieldErrorsOf(weak)?.newPassword).toEqual(["Password must be at least 10 characters."]);
    expect(await t.db.selectFrom("audit_log").select("id").where("actor_user_id", "=", admin.user.id).execute()).toEqual([]);
    expect((await signIn(admin.user.email, testPassword, "admin")).user.id).toBe(admin.user.id);
  });
});
