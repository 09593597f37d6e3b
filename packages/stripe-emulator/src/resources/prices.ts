import { DECIMAL_PATTERN, integerAmount, normalizeDecimal } from "../core/decimal";
import { newId } from "../core/ids";
import { getMeter, getPrice, getProduct } from "../core/lookup";
import type { Price } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest, missingParam } from "../http/errors";
import { newestFirst, paginate } from "../http/list";
import {
  allowOnly, mergeMetadata, oneOf, optArray, optBool, optInt, optObject, optString, reqString,
} from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";
import { createProduct } from "./products";

const CREATE = ["currency", "product", "product_data", "unit_amount", "unit_amount_decimal", "recurring", "nickname", "lookup_key", "metadata", "active", "billing_scheme", "tax_behavior"];
const UPDATE = ["active", "metadata", "nickname", "lookup_key", "tax_behavior"];
const INTERVALS = ["day", "week", "month", "year"] as const;

function amounts(ctx: RequestContext): { unit_amount: number | null; unit_amount_decimal: string } {
  const p = ctx.params;
  const whole = optInt(p, "unit_amount");
  const decimal = optString(p, "unit_amount_decimal");
  if (whole !== undefined && decimal !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: unit_amount, unit_amount_decimal.");
  }
  if (whole !== undefined) {
    if (whole < 0) throw invalidParam("unit_amount", "Invalid unit_amount: must be greater than or equal to 0");
    return { unit_amount: whole, unit_amount_decimal: String(whole) };
  }
  if (decimal === undefined) throw missingParam("unit_amount");
  if (!DECIMAL_PATTERN.test(decimal)) {
    throw invalidParam("unit_amount_decimal", `Invalid decimal: ${decimal}. Use at most 12 decimal places and no sign.`);
  }
  const normalized = normalizeDecimal(decimal);
  return { unit_amount: integerAmount(normalized), unit_amount_decimal: normalized };
}

function recurring(ctx: RequestContext): Price["recurring"] {
  const r = optObject(ctx.params, "recurring");
  if (!r) return null;
  const interval = oneOf(reqString(r, "interval", "recurring[interval]"), INTERVALS, "recurring[interval]") ?? "month";
  const usage = oneOf(optString(r, "usage_type", "recurring[usage_type]"), ["licensed", "metered"] as const, "recurring[usage_type]") ?? "licensed";
  const meter = optString(r, "meter", "recurring[meter]") ?? null;
  if (usage === "metered" && !meter) {
    throw invalidParam("recurring[meter]", "Metered prices must be backed by a billing meter; pass recurring[meter].", "parameter_missing");
  }
  if (usage === "licensed" && meter) {
    throw invalidParam("recurring[meter]", "recurring[meter] can only be set when recurring[usage_type] is metered.");
  }
  if (meter) getMeter(ctx.state, meter, "recurring[meter]");
  return {
    interval,
    interval_count: optInt(r, "interval_count", "recurring[interval_count]") ?? 1,
    meter,
    trial_period_days: null,
    usage_type: usage,
  };
}

function create(ctx: RequestContext): Price {
  const p = ctx.params;
  allowOnly(p, CREATE);
  const currency = reqString(p, "currency").toLowerCase();
  const productData = optObject(p, "product_data");
  const productId = optString(p, "product");
  if (!productId && !productData) throw missingParam("product");
  const product = productId ? getProduct(ctx.state, productId) : createProduct(ctx, productData ?? {}, "product_data[");
  const lookupKey = optString(p, "lookup_key") ?? null;
  if (lookupKey && Object.values(ctx.state.data.prices).some((x) => x.lookup_key === lookupKey)) {
    throw invalidParam("lookup_key", `A price (${lookupKey}) already uses that lookup key.`, "lookup_key_already_used");
  }
  const rec = recurring(ctx);
  const price: Price = {
    id: newId("price", 24),
    object: "price",
    active: optBool(p, "active") ?? true,
    billing_scheme: "per_unit",
    created: ctx.state.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: mergeMetadata({}, p),
    nickname: optString(p, "nickname") ?? null,
    product: product.id,
    recurring: rec,
    tax_behavior: oneOf(optString(p, "tax_behavior"), ["exclusive", "inclusive", "unspecified"] as const, "tax_behavior") ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: rec ? "recurring" : "one_time",
    ...amounts(ctx),
  };
  ctx.state.data.prices[price.id] = price;
  ctx.state.changed();
  emitFor(ctx, "price.created", price);
  return price;
}

function update(ctx: RequestContext): Price {
  allowOnly(ctx.params, UPDATE);
  const current = getPrice(ctx.state, ctx.route.id ?? "", "id");
  const next: Price = {
    ...current,
    active: optBool(ctx.params, "active") ?? current.active,
    nickname: optString(ctx.params, "nickname") ?? current.nickname,
    lookup_key: optString(ctx.params, "lookup_key") ?? current.lookup_key,
    metadata: mergeMetadata(current.metadata, ctx.params),
  };
  ctx.state.data.prices[next.id] = next;
  ctx.state.changed();
  emitFor(ctx, "price.updated", next, {});
  return next;
}

function list(ctx: RequestContext) {
  const p = ctx.params;
  const active = optBool(p, "active");
  const product = optString(p, "product");
  const type = optString(p, "type");
  const lookupKeys = optArray(p, "lookup_keys")?.filter((x): x is string => typeof x === "string");
  const all = newestFirst(Object.values(ctx.state.data.prices)).filter(
    (x) =>
      (active === undefined || x.active === active) &&
      (!product || x.product === product) &&
      (!type || x.type === type) &&
      (!lookupKeys || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))),
  );
  return withExpand(ctx, paginate(all, p, "/v1/prices"));
}

export function priceRoutes(router: Router): void {
  router
    .add("POST", "/v1/prices", "v1", (ctx) => withExpand(ctx, create(ctx)))
    .add("GET", "/v1/prices", "v1", list)
    .add("GET", "/v1/prices/:id", "v1", (ctx) => withExpand(ctx, getPrice(ctx.state, ctx.route.id ?? "", "id")))
    .add("POST", "/v1/prices/:id", "v1", (ctx) => withExpand(ctx, update(ctx)));
}
