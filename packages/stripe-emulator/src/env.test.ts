import { embeddedDefaults, ports } from "@meterkit/config";
import { describe, expect, it } from "vitest";
import { emulatorEnv } from "./env";

describe("emulatorEnv", () => {
  it("defaults to the embedded port, state file, web app webhook and secret", () => {
    expect(emulatorEnv({})).toEqual({
      STRIPE_EMULATOR_PORT: ports.stripeEmulator,
      STRIPE_EMULATOR_HOST: "127.0.0.1",
      STRIPE_EMULATOR_STATE: ".data/stripe-emulator.json",
      STRIPE_WEBHOOK_URL: "http://127.0.0.1:3000/api/stripe/webhook",
      STRIPE_WEBHOOK_SECRET: embeddedDefaults.stripeWebhookSecret,
      STRIPE_EMULATOR_RENEW_EVERY_MS: 30_000,
    });
  });
  it("turns automatic renewal off with 0 and rejects a negative interval", () => {
    expect(emulatorEnv({ STRIPE_EMULATOR_RENEW_EVERY_MS: "0" }).STRIPE_EMULATOR_RENEW_EVERY_MS).toBe(0);
    expect(() => emulatorEnv({ STRIPE_EMULATOR_RENEW_EVERY_MS: "-1" })).toThrow(/STRIPE_EMULATOR_RENEW_EVERY_MS/);
  });
  it("names a bad variable", () => {
    expect(() => emulatorEnv({ STRIPE_EMULATOR_PORT: "nope" })).toThrow(/STRIPE_EMULATOR_PORT/);
  });
});
