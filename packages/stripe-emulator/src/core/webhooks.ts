import { createHmac } from "node:crypto";
import type { Event } from "./wire";

/** `Stripe-Signature` value for a payload, in the `t=…,v1=…` scheme `stripe.webhooks.constructEvent` checks. */
export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface Delivery {
  event: string;
  type: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus?: number;
  lastError?: string;
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const MAX_KEPT = 500;

/**
 * Sends events one at a time in creation order (Stripe does not promise order; a local stack is
 * easier to follow when it is kept). A failed delivery is retried with backoff, like Stripe does.
 */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly sleeping = new Map<NodeJS.Timeout, () => void>();

  /** `url` undefined: events are recorded but not delivered. */
  constructor(
    public url: string | undefined,
    public secret: string,
  ) {}

  enqueue(event: Event): void {
    if (!this.url || this.stopped) return;
    const target: WebhookTarget = { url: this.url, secret: this.secret };
    const delivery: Delivery = { event: event.id, type: event.type, status: "pending", attempts: 0 };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_KEPT) this.deliveries.shift();
    const body = JSON.stringify(event, null, 2);
    this.queue = this.queue.then(() => this.deliver(target, body, delivery));
  }

  /** Resolves once every queued delivery has succeeded or used up its retries. */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    this.stopped = true;
    for (const [timer, wake] of this.sleeping) {
      clearTimeout(timer);
      wake();
    }
    this.sleeping.clear();
  }

  private async deliver(target: WebhookTarget, body: string, delivery: Delivery): Promise<void> {
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !this.stopped; attempt++) {
      delivery.attempts++;
      try {
        const res = await fetch(target.url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "stripe-signature": signPayload(body, target.secret),
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        delivery.lastStatus = res.status;
        await res.body?.cancel();
        if (res.ok) {
          delivery.status = "delivered";
          return;
        }
        delivery.lastError = `HTTP ${res.status}`;
      } catch (err) {
        delivery.lastError = (err as Error).message;
      }
      const wait = RETRY_DELAYS_MS[attempt];
      if (wait === undefined) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.sleeping.delete(timer);
          resolve();
        }, wait);
        timer.unref();
        this.sleeping.set(timer, resolve);
      });
    }
    delivery.status = "failed";
  }
}
