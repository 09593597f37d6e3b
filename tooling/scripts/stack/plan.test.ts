import { describe, expect, it } from "vitest";
import { describeModes, redact } from "./banner";
import { childEnv } from "./child-env";
import { parseStackEnv } from "./env";
import { PlanError, planStack } from "./plan";

const rootDir = "/repo";
const plan = (env: Record<string, string>) => planStack(parseStackEnv(env), { rootDir });

describe("planStack", () => {
  it("runs every part on its local stand-in when no production variable is set", () => {
    const p = plan({});
    expect(p.database).toEqual({ mode: "embedded", dataDir: "/repo/.data/postgres", port: 54329 });
    expect(p.stripe).toMatchObject({ mode: "emulator", port: 12111, statePath: "/repo/.data/stripe-emulator.json", secretKey: "sk_test_emulator" });
    expect(p.model).toMatchObject({ mode: "demo", port: 12112 });
    expect(p.webhookUrl).toBe("http://127.0.0.1:3000/api/stripe/webhook");
  });

  it("uses each real service whose variable is set, and only that one", () => {
    const p = plan({ DATABASE_URL: "postgres://u:p@db.example.com/app", OPENAI_API_KEY: "sk-real" });
    expect(p.database).toEqual({ mode: "external", url: "postgres://u:p@db.example.com/app" });
    expect(p.model).toEqual({ mode: "upstream", baseUrl: "https://api.openai.com/v1", apiKey: "sk-real" });
    expect(p.stripe.mode).toBe("emulator");
  });

  it("marks a live Stripe key as live", () => {
    const p = plan({ STRIPE_SECRET_KEY: "sk_live_123" });
    expect(p.stripe).toMatchObject({ mode: "stripe", live: true });
  });

  it("refuses half-configured services instead of guessing", () => {
    expect(() => plan({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(PlanError);
    expect(() => plan({ STRIPE_API_BASE: "http://127.0.0.1:9999" })).toThrow(/STRIPE_SECRET_KEY/);
  });

  it("follows METERKIT_DATA_DIR and the port variables", () => {
    const p = plan({ METERKIT_DATA_DIR: "/tmp/mk", WEB_PORT: "4000", ADMIN_PORT: "4001" });
    expect(p.database).toMatchObject({ dataDir: "/tmp/mk/postgres" });
    expect(p.web).toEqual({ port: 4000, url: "http://localhost:4000" });
    expect(p.admin).toEqual({ port: 4001, url: "http://localhost:4001" });
    expect(p.webhookUrl).toBe("http://127.0.0.1:4000/api/stripe/webhook");
  });
});

describe("what the apps are told", () => {
  const endpoints = { databaseUrl: "postgres://meterkit:meterkit@127.0.0.1:54329/meterkit", stripeApiBase: "http://127.0.0.1:12111", openaiBaseUrl: "http://127.0.0.1:12112/v1" };

  it("passes the resolved endpoints and the mode flags, and drops a stale STRIPE_API_BASE", () => {
    const env = childEnv(plan({}), endpoints, { PATH: "/bin" });
    expect(env).toMatchObject({
      PATH: "/bin",
      DATABASE_URL: endpoints.databaseUrl,
      STRIPE_SECRET_KEY: "sk_test_emulator",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      OPENAI_BASE_URL: "http://127.0.0.1:12112/v1",
      METERKIT_MODE_DATABASE: "embedded",
      METERKIT_MODE_STRIPE: "emulator",
      METERKIT_MODE_MODEL: "demo",
    });
    const real = childEnv(plan({ STRIPE_SECRET_KEY: "sk_test_x" }), { ...endpoints, stripeApiBase: undefined }, { STRIPE_API_BASE: "http://stale" });
    expect(real.STRIPE_API_BASE).toBeUndefined();
    expect(real.METERKIT_MODE_STRIPE).toBe("test");
  });

  it("names the mode of every part in the banner without printing a password", () => {
    const lines = describeModes(plan({}), endpoints).join("\n");
    expect(lines).toContain("embedded Postgres");
    expect(lines).toContain("local emulator (no STRIPE_SECRET_KEY) at http://127.0.0.1:12111/_emulator");
    expect(lines).toContain("local demo model");
    expect(lines).not.toContain("meterkit:meterkit@");
    expect(redact("postgres://u:secret@h/db")).toBe("postgres://u:***@h/db");
  });
});
