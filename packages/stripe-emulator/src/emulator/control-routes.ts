import { z } from "zod";
import type { Faults } from "../core/faults";
import type { EmulatorState } from "../core/state";
import type { WebhookSender } from "../core/webhooks";
import { getSubscription } from "../core/lookup";
import { Reply, type RequestContext } from "../http/context";
import { invalidRequest } from "../http/errors";
import { optString } from "../http/params";
import type { Router } from "../http/router";
import { dashboardPage } from "../pages/dashboard-page";
import { advanceSubscription } from "../resources/subscription-lifecycle";

export interface Controls {
  state: EmulatorState;
  faults: Faults;
  webhooks: WebhookSender;
}

const clockSchema = z.union([
  z.object({ offsetSeconds: z.number().int() }).strict(),
  z.object({ advanceSeconds: z.number().int() }).strict(),
]);
const webhookSchema = z.object({ url: z.url().nullable(), secret: z.string().min(1).optional() }).strict();

function body<T>(schema: z.ZodType<T>, ctx: RequestContext): T {
  const result = schema.safeParse(ctx.json ?? {});
  if (!result.success) throw invalidRequest(`Invalid body: ${result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return result.data;
}

/** Test hooks under `/_emulator`: state, counters, faults, clock, webhook target, drift and billing cycles. */
export function controlRoutes(router: Router, c: Controls): void {
  const { state, faults, webhooks } = c;
  const view = () => ({
    clockOffsetSeconds: state.clock.offset,
    now: state.now(),
    faults: faults.current,
    webhook: { url: webhooks.url ?? null },
    stats: state.stats,
    data: { ...state.data, idempotency: { count: Object.keys(state.data.idempotency).length } },
  });
  router
    .add("GET", "/_emulator", "local", () => Reply.html(dashboardPage(state, state.stats)))
    .add("GET", "/_emulator/state", "local", view)
    .add("POST", "/_emulator/reset", "local", () => {
      state.reset();
      return { reset: true };
    })
    .add("GET", "/_emulator/stats", "local", () => state.stats)
    .add("DELETE", "/_emulator/stats", "local", () => {
      state.stats.requests = {};
      state.stats.meterEvents = { accepted: 0, duplicate: 0, rejected: 0, invalid: 0 };
      return state.stats;
    })
    .add("GET", "/_emulator/meter_events", "local", (ctx) => {
      const customer = optString(ctx.params, "customer");
      const eventName = optString(ctx.params, "event_name");
      const status = optString(ctx.params, "status");
      const data = state.data.meterEvents.filter(
        (e) => (!customer || e.customer === customer) && (!eventName || e.event_name === eventName) && (!status || e.status === status),
      );
      const accepted = data.filter((e) => e.status === "accepted");
      return { data, count: data.length, acceptedValue: accepted.reduce((s, e) => s + (e.value ?? 0), 0) };
    })
    .add("DELETE", "/_emulator/meter_events/:identifier", "local", (ctx) => {
      const removed = state.removeMeterEvent(ctx.route.identifier ?? "");
      return removed > 0 ? { deleted: removed } : new Reply(404, { error: { type: "invalid_request_error", message: "No meter event with that identifier." } });
    })
    .add("GET", "/_emulator/faults", "local", () => faults.current)
    .add("POST", "/_emulator/faults", "local", (ctx) => {
      try {
        faults.set(ctx.json as Parameters<Faults["set"]>[0]);
      } catch (err) {
        throw invalidRequest(`Invalid fault settings: ${(err as Error).message}`);
      }
      return faults.current;
    })
    .add("DELETE", "/_emulator/faults", "local", () => {
      faults.clear();
      return faults.current;
    })
    .add("GET", "/_emulator/clock", "local", () => ({ offsetSeconds: state.clock.offset, now: state.now() }))
    .add("POST", "/_emulator/clock", "local", (ctx) => {
      const b = body(clockSchema, ctx);
      state.clock.setOffset("offsetSeconds" in b ? b.offsetSeconds : state.clock.offset + b.advanceSeconds);
      return { offsetSeconds: state.clock.offset, now: state.now() };
    })
    .add("GET", "/_emulator/webhook", "local", () => ({ url: webhooks.url ?? null, deliveries: webhooks.deliveries }))
    .add("POST", "/_emulator/webhook", "local", (ctx) => {
      const b = body(webhookSchema, ctx);
      webhooks.url = b.url ?? undefined;
      if (b.secret) webhooks.secret = b.secret;
      return { url: webhooks.url ?? null };
    })
    .add("POST", "/_emulator/subscriptions/:id/advance", "local", (ctx) => advanceSubscription(ctx, getSubscription(state, ctx.route.id ?? "")));
}
