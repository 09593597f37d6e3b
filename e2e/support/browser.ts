import { chromium, type Browser } from "playwright-core";
import { e2eEnv } from "./env";

/**
 * Debian's Chromium, not a downloaded browser build. The flags keep it from reaching for the
 * network on its own (updates, sync, QUIC probes), which a closed CI network refuses noisily.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: e2eEnv.CHROMIUM_PATH,
    headless: e2eEnv.E2E_HEADED !== "1",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
