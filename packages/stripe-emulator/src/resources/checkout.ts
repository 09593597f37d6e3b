import { buildCheckoutSession, checkoutLineItem } from "../core/checkout-object";
import { newId } from "../core/ids";
import { getCustomer } from "../core/lookup";
import type { CheckoutSession } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest, missingParam, noSuch } from "../http/errors";
import type { Params } from "../http/form";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optArray, optInt, optObject, optString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";
import { itemSpec } from "./subscription-items";

const CREATE = [
  "mode", "customer", "customer_email", "line_items", "success_url", "cancel_url", "client_reference_id", "metadata",
  "subscription_data", "expires_at", "payment_method_types", "allow_promotion_codes", "billing_address_collection", "ui_mode", "locale",
];

export function getSession(ctx: RequestContext, id: string): CheckoutSession {
  const session = ctx.state.data.checkoutSessions[id];
  if (!session) throw noSuch("checkout.session", id);
  return session;
}

function create(ctx: RequestContext): CheckoutSession {
  const p = ctx.params;
  allowOnly(p, CREATE);
  const mode = optString(p, "mode");
  if (!mode) throw missingParam("mode");
  if (mode !== "subscription") throw invalidParam("mode", `This emulator implements Checkout in subscription mode only (got mode=${mode}).`);
  const successUrl = optString(p, "success_url");
  if (!successUrl) throw missingParam("success_url");
  const customer = optString(p, "customer");
  if (customer) getCustomer(ctx.state, customer);
  const customerEmail = optString(p, "customer_email") ?? null;
  if (customer && customerEmail) throw invalidRequest("You may only specify one of these parameters: customer, customer_email.");
  const raw = optArray(p, "line_items") ?? [];
  if (raw.length === 0) throw missingParam("line_items");
  const lineItems = raw.map((entry, i) => {
    const spec = itemSpec(ctx, entry as Params, `line_items[${i}]`);
    const metered = spec.price.recurring?.usage_type === "metered";
    const product = typeof spec.price.product === "string" ? spec.price.product : spec.price.product.id;
    return checkoutLineItem(spec.price, metered ? null : (spec.quantity ?? 1), ctx.state.data.products[product]?.name ?? product);
  });
  const now = ctx.state.now();
  const expiresAt = optInt(p, "expires_at") ?? now + 24 * 3600;
  if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600) {
    throw invalidParam("expires_at", "expires_at must be between 30 minutes and 24 hours from now.");
  }
  const id = newId("cs_test", 58);
  const subscriptionData = optObject(p, "subscription_data") ?? {};
  const session = buildCheckoutSession({
    id,
    url: `${ctx.baseUrl}/checkout/${id}`,
    now,
    expiresAt,
    customer: customer ?? null,
    customerEmail,
    clientReferenceId: optString(p, "client_reference_id") ?? null,
    successUrl,
    cancelUrl: optString(p, "cancel_url") ?? null,
    metadata: mergeMetadata({}, p),
    lineItems,
  });
  ctx.state.data.checkoutSessions[id] = session;
  ctx.state.data.checkoutExtras[id] = {
    lineItems,
    subscriptionMetadata: mergeMetadata({}, subscriptionData),
    subscriptionDescription: optString(subscriptionData, "description", "subscription_data[description]") ?? null,
  };
  ctx.state.changed();
  return session;
}

/** Open sessions past `expires_at` turn `expired` when next looked at. */
export function refreshExpiry(ctx: RequestContext, session: CheckoutSession): CheckoutSession {
  if (session.status === "open" && session.expires_at <= ctx.state.now()) return expire(ctx, session);
  return session;
}

function expire(ctx: RequestContext, session: CheckoutSession): CheckoutSession {
  if (session.status !== "open") throw invalidRequest(`Only open Checkout Sessions can be expired; this one is ${session.status}.`);
  const next: CheckoutSession = { ...session, status: "expired", url: null };
  ctx.state.data.checkoutSessions[next.id] = next;
  ctx.state.changed();
  emitFor(ctx, "checkout.session.expired", next);
  return next;
}

function retrieve(ctx: RequestContext) {
  const session = refreshExpiry(ctx, getSession(ctx, ctx.route.id ?? ""));
  const view: CheckoutSession = { ...session };
  // `line_items` is not a stored id, so it is expanded here rather than by the generic expander.
  const expandList = ctx.params.expand;
  const wantsLines = Array.isArray(expandList) && expandList.includes("line_items");
  if (wantsLines) {
    const data = ctx.state.data.checkoutExtras[session.id]?.lineItems ?? [];
    view.line_items = { object: "list", data, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` };
    ctx.params.expand = (expandList as string[]).filter((x) => x !== "line_items");
  }
  return withExpand(ctx, view);
}

function list(ctx: RequestContext) {
  const customer = optString(ctx.params, "customer");
  const subscription = optString(ctx.params, "subscription");
  const status = optString(ctx.params, "status");
  const all = newestFirst(Object.values(ctx.state.data.checkoutSessions).map((s) => refreshExpiry(ctx, s))).filter(
    (s) => (!customer || s.customer === customer) && (!subscription || s.subscription === subscription) && (!status || s.status === status),
  );
  return withExpand(ctx, paginate(all, ctx.params, "/v1/checkout/sessions"));
}

export function checkoutRoutes(router: Router): void {
  router
    .add("POST", "/v1/checkout/sessions", "v1", (ctx) => withExpand(ctx, create(ctx)))
    .add("GET", "/v1/checkout/sessions", "v1", list)
    .add("GET", "/v1/checkout/sessions/:id", "v1", retrieve)
    .add("POST", "/v1/checkout/sessions/:id/expire", "v1", (ctx) => withExpand(ctx, expire(ctx, getSession(ctx, ctx.route.id ?? ""))))
    .add("GET", "/v1/checkout/sessions/:id/line_items", "v1", (ctx) => {
      const session = getSession(ctx, ctx.route.id ?? "");
      const data = ctx.state.data.checkoutExtras[session.id]?.lineItems ?? [];
      return paginate(data, ctx.params, `/v1/checkout/sessions/${session.id}/line_items`);
    });
}
