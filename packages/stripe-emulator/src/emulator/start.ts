import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { embeddedDefaults } from "@meterkit/config";
import { Clock } from "../core/clock";
import { Faults, type FaultConfig } from "../core/faults";
import { StateFile } from "../core/persist";
import { EmulatorState } from "../core/state";
import type { MeterEventRecord, Stats } from "../core/store";
import { WebhookSender, type Delivery } from "../core/webhooks";
import { keyCheck } from "../http/auth";
import { backgroundContext } from "../http/context";
import { renewDueSubscriptions } from "../resources/subscription-lifecycle";
import { EmulatorApp } from "./app";
import { buildRouter } from "./routes";

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** JSON file the state is loaded from and saved to; in memory only when absent. */
  statePath?: string;
  /** Where webhook events are POSTed; none are sent when absent (they are still recorded). */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Accepted secret key(s); by default any `sk_test_…`/`rk_test_…` key. */
  apiKey?: string | string[];
  /** Base URL put in hosted page links (checkout `url`); defaults to the Host the caller used. */
  publicUrl?: string;
  faults?: FaultConfig;
  /**
   * Checks every this many ms for subscriptions whose period has ended (by the emulator clock) and
   * renews them as Stripe does on its own: bills the period, rolls the dates, sends the webhooks
   * (at most 24 periods per subscription per check). Off when absent; `POST
   * /_emulator/subscriptions/:id/advance` still ends a period by hand.
   */
  renewEvery?: number;
}

export interface StripeEmulator {
  url: string;
  port: number;
  state: EmulatorState;
  stats(): Stats;
  meterEvents(filter?: { customer?: string; event_name?: string }): MeterEventRecord[];
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  setWebhook(url: string | undefined, secret?: string): void;
  webhookDeliveries(): Delivery[];
  /** Resolves when every queued webhook has been delivered or has failed for good. */
  webhooksIdle(): Promise<void>;
  /** Shifts the emulator's clock (e.g. past the 24 h dedupe window). */
  setClockOffset(seconds: number): void;
  reset(): void;
  /** Writes the state file now instead of after the debounce. */
  flush(): void;
  stop(): Promise<void>;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const webhooks = new WebhookSender(options.webhookUrl, options.webhookSecret ?? embeddedDefaults.stripeWebhookSecret);
  let file: StateFile | undefined;
  const state = new EmulatorState(new Clock(), () => file?.schedule(), (event) => webhooks.enqueue(event));
  if (options.statePath) {
    file = new StateFile(options.statePath, () => state.data);
    const loaded = file.load();
    if (loaded) state.load(loaded);
  }
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const app = new EmulatorApp(buildRouter({ state, faults, webhooks }), state, faults, keyCheck(options.apiKey), options.publicUrl);
  const server: Server = createServer((req, res) => void app.handle(req, res));
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  let renewal: NodeJS.Timeout | undefined;
  if (options.renewEvery !== undefined && options.renewEvery > 0) {
    const ctx = backgroundContext(state, options.publicUrl ?? url);
    renewal = setInterval(() => renewDueSubscriptions(ctx), options.renewEvery);
    renewal.unref();
  }
  return {
    url,
    port,
    state,
    stats: () => state.stats,
    meterEvents: (filter = {}) =>
      state.data.meterEvents.filter((e) => (!filter.customer || e.customer === filter.customer) && (!filter.event_name || e.event_name === filter.event_name)),
    setFaults: (config) => faults.set(config),
    clearFaults: () => faults.clear(),
    setWebhook: (url, secret) => {
      webhooks.url = url;
      if (secret) webhooks.secret = secret;
    },
    webhookDeliveries: () => webhooks.deliveries,
    webhooksIdle: () => webhooks.idle(),
    setClockOffset: (seconds) => state.clock.setOffset(seconds),
    reset: () => state.reset(),
    flush: () => file?.flush(),
    stop: async () => {
      clearInterval(renewal);
      webhooks.stop();
      file?.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
