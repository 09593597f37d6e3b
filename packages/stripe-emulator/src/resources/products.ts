import { newId } from "../core/ids";
import { getProduct } from "../core/lookup";
import type { Product } from "../core/wire";
import type { RequestContext } from "../http/context";
import type { Params } from "../http/form";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optBool, optString, reqString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";

const WRITABLE = ["id", "name", "description", "active", "metadata", "unit_label", "url", "statement_descriptor", "tax_code", "type"];

/** Creates a product; prices may create one inline through `product_data`. */
export function createProduct(ctx: RequestContext, params: Params, label = ""): Product {
  const now = ctx.state.now();
  const id = optString(params, "id") ?? newId("prod", 14);
  const product: Product = {
    id,
    object: "product",
    active: optBool(params, "active") ?? true,
    created: now,
    default_price: null,
    description: optString(params, "description") ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, params),
    name: reqString(params, "name", `${label}name`),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: optString(params, "statement_descriptor") ?? null,
    tax_code: optString(params, "tax_code") ?? null,
    tax_details: null,
    type: "service",
    unit_label: optString(params, "unit_label") ?? null,
    updated: now,
    url: optString(params, "url") ?? null,
  };
  ctx.state.data.products[id] = product;
  ctx.state.changed();
  emitFor(ctx, "product.created", product);
  return product;
}

function update(ctx: RequestContext): Product {
  allowOnly(ctx.params, WRITABLE.filter((k) => k !== "id" && k !== "type"));
  const current = getProduct(ctx.state, ctx.route.id ?? "", "id");
  const p = ctx.params;
  const next: Product = {
    ...current,
    name: optString(p, "name") ?? current.name,
    description: optString(p, "description") ?? current.description,
    active: optBool(p, "active") ?? current.active,
    unit_label: optString(p, "unit_label") ?? current.unit_label ?? null,
    metadata: mergeMetadata(current.metadata, p),
    updated: ctx.state.now(),
  };
  ctx.state.data.products[next.id] = next;
  ctx.state.changed();
  emitFor(ctx, "product.updated", next, {});
  return next;
}

function list(ctx: RequestContext) {
  const active = optBool(ctx.params, "active");
  const all = newestFirst(Object.values(ctx.state.data.products)).filter((p) => active === undefined || p.active === active);
  return withExpand(ctx, paginate(all, ctx.params, "/v1/products"));
}

export function productRoutes(router: Router): void {
  router
    .add("POST", "/v1/products", "v1", (ctx) => {
      allowOnly(ctx.params, WRITABLE);
      return withExpand(ctx, createProduct(ctx, ctx.params));
    })
    .add("GET", "/v1/products", "v1", list)
    .add("GET", "/v1/products/:id", "v1", (ctx) => withExpand(ctx, getProduct(ctx.state, ctx.route.id ?? "", "id")))
    .add("POST", "/v1/products/:id", "v1", (ctx) => withExpand(ctx, update(ctx)));
}
