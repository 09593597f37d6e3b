import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import { afterAll, beforeAll } from "vitest";
import type { StripeClient } from "../stripe/client";
import { emulatorStripe } from "./fixtures";

/** Starts a fresh emulator on a random port for the test file; `stripe` is the official SDK pointed at it. */
export function useEmulator(): { readonly emulator: StripeEmulator; readonly stripe: StripeClient } {
  let emulator: StripeEmulator | undefined;
  let stripe: StripeClient | undefined;
  beforeAll(async () => {
    emulator = await startStripeEmulator({ port: 0 });
    stripe = emulatorStripe(emulator.url);
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error("the emulator starts in beforeAll");
      return emulator;
    },
    get stripe() {
      if (!stripe) throw new Error("the emulator starts in beforeAll");
      return stripe;
    },
  };
}
