import { randomBytes } from "node:crypto";
import { newId } from "../core/ids";
import { getCustomer } from "../core/lookup";
import type { Customer } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam } from "../http/errors";
import type { Params } from "../http/form";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, mergeMetadata, optString, reqString } from "../http/params";
import { emitFor, withExpand } from "../http/respond";
import type { Router } from "../http/router";

const WRITABLE = ["name", "email", "description", "phone", "metadata", "payment_method", "invoice_settings", "preferred_locales"];

function nullable(params: Params, name: string, current: string | null): string | null {
  const v = optString(params, name);
  if (v === undefined) return current;
  return v === "" ? null : v;
}

/** Creates a customer; also used by checkout when no customer was given. */
export function createCustomer(ctx: RequestContext, params: Params): Customer {
  const now = ctx.state.now();
  const customer: Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: nullable(params, "description", null),
    discount: null,
    email: nullable(params, "email", null),
    invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: mergeMetadata({}, params),
    name: nullable(params, "name", null),
    next_invoice_sequence: 1,
    phone: nullable(params, "phone", null),
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  ctx.state.data.customers[customer.id] = customer;
  ctx.state.changed();
  emitFor(ctx, "customer.created", customer);
  return customer;
}

function update(ctx: RequestContext): Customer {
  allowOnly(ctx.params, WRITABLE);
  const current = getCustomer(ctx.state, ctx.route.id ?? "", "id");
  const next: Customer = {
    ...current,
    name: nullable(ctx.params, "name", current.name ?? null),
    email: nullable(ctx.params, "email", current.email),
    description: nullable(ctx.params, "description", current.description),
    phone: nullable(ctx.params, "phone", current.phone ?? null),
    metadata: mergeMetadata(current.metadata, ctx.params),
  };
  const previous: Record<string, unknown> = {};
  for (const key of ["name", "email", "description", "phone", "metadata"] as const) {
    if (JSON.stringify(current[key]) !== JSON.stringify(next[key])) previous[key] = current[key];
  }
  ctx.state.data.customers[next.id] = next;
  ctx.state.changed();
  if (Object.keys(previous).length > 0) emitFor(ctx, "customer.updated", next, previous);
  return next;
}

function remove(ctx: RequestContext) {
  const customer = getCustomer(ctx.state, ctx.route.id ?? "", "id");
  delete ctx.state.data.customers[customer.id];
  ctx.state.data.deleted[customer.id] = "customer";
  ctx.state.changed();
  emitFor(ctx, "customer.deleted", customer);
  return { id: customer.id, object: "customer", deleted: true };
}

function retrieve(ctx: RequestContext) {
  const id = ctx.route.id ?? "";
  if (ctx.state.data.deleted[id] === "customer") return { id, object: "customer", deleted: true };
  return withExpand(ctx, getCustomer(ctx.state, id, "id"));
}

function list(ctx: RequestContext) {
  const email = optString(ctx.params, "email");
  const all = newestFirst(Object.values(ctx.state.data.customers)).filter((c) => !email || c.email === email);
  return withExpand(ctx, paginate(all, ctx.params, "/v1/customers"));
}

/** Supports Stripe search clauses `email:'x'`, `name:'x'` and `metadata['k']:'v'`, joined with AND. */
function search(ctx: RequestContext) {
  const query = reqString(ctx.params, "query");
  const clauses = query.split(/\s+AND\s+/i).map((clause) => {
    const m = /^(email|name|metadata\['([^']+)'\]):'([^']*)'$/.exec(clause.trim());
    if (!m) throw invalidParam("query", `Unsupported search clause: ${clause}`);
    return { field: m[1] ?? "", metaKey: m[2], value: m[3] ?? "" };
  });
  const data = newestFirst(Object.values(ctx.state.data.customers)).filter((c) =>
    clauses.every(({ field, metaKey, value }) =>
      metaKey !== undefined ? c.metadata[metaKey] === value : field === "email" ? c.email === value : c.name === value,
    ),
  );
  return { object: "search_result", data, has_more: false, next_page: null, url: "/v1/customers/search" };
}

export function customerRoutes(router: Router): void {
  router
    .add("POST", "/v1/customers", "v1", (ctx) => {
      allowOnly(ctx.params, WRITABLE);
      return withExpand(ctx, createCustomer(ctx, ctx.params));
    })
    .add("GET", "/v1/customers", "v1", list)
    .add("GET", "/v1/customers/search", "v1", search)
    .add("GET", "/v1/customers/:id", "v1", retrieve)
    .add("POST", "/v1/customers/:id", "v1", (ctx) => withExpand(ctx, update(ctx)))
    .add("DELETE", "/v1/customers/:id", "v1", remove);
}

