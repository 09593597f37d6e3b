import { newId } from "../core/ids";
import { getMeter } from "../core/lookup";
import type { Meter } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest } from "../http/errors";
import { newestFirst, paginate } from "../http/list";
import { allowOnly, oneOf, optObject, optString, reqString } from "../http/params";
import { withExpand } from "../http/respond";
import type { Router } from "../http/router";

const CREATE = ["event_name", "display_name", "default_aggregation", "customer_mapping", "value_settings", "event_time_window"];

function create(ctx: RequestContext): Meter {
  const p = ctx.params;
  allowOnly(p, CREATE);
  const eventName = reqString(p, "event_name");
  if (eventName.length > 100) throw invalidParam("event_name", "event_name must be at most 100 characters.");
  if (Object.values(ctx.state.data.meters).some((m) => m.event_name === eventName)) {
    throw invalidParam("event_name", `A meter with event_name '${eventName}' already exists.`, "resource_already_exists");
  }
  const aggregation = optObject(p, "default_aggregation");
  if (!aggregation) throw invalidParam("default_aggregation", "Missing required param: default_aggregation.", "parameter_missing");
  const formula = oneOf(reqString(aggregation, "formula", "default_aggregation[formula]"), ["sum", "count", "last"] as const, "default_aggregation[formula]") ?? "sum";
  const mapping = optObject(p, "customer_mapping");
  if (mapping && optString(mapping, "type", "customer_mapping[type]") !== "by_id") {
    throw invalidParam("customer_mapping[type]", "customer_mapping[type] must be by_id.");
  }
  const value = optObject(p, "value_settings");
  const now = ctx.state.now();
  const meter: Meter = {
    id: newId("mtr_test", 32),
    object: "billing.meter",
    created: now,
    customer_mapping: {
      event_payload_key: (mapping && optString(mapping, "event_payload_key", "customer_mapping[event_payload_key]")) || "stripe_customer_id",
      type: "by_id",
    },
    default_aggregation: { formula },
    display_name: reqString(p, "display_name"),
    event_name: eventName,
    event_time_window: oneOf(optString(p, "event_time_window"), ["day", "hour"] as const, "event_time_window") ?? null,
    livemode: false,
    status: "active",
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: {
      event_payload_key: (value && optString(value, "event_payload_key", "value_settings[event_payload_key]")) || "value",
    },
  };
  ctx.state.data.meters[meter.id] = meter;
  ctx.state.changed();
  return meter;
}

function save(ctx: RequestContext, meter: Meter): Meter {
  ctx.state.data.meters[meter.id] = meter;
  ctx.state.changed();
  return withExpand(ctx, meter);
}

function setStatus(ctx: RequestContext, status: "active" | "inactive"): Meter {
  allowOnly(ctx.params, []);
  const meter = getMeter(ctx.state, ctx.route.id ?? "");
  if (meter.status === status) {
    throw invalidRequest(`This meter is already ${status}.`, { code: "meter_status_unchanged" });
  }
  const now = ctx.state.now();
  return save(ctx, {
    ...meter,
    status,
    status_transitions: { deactivated_at: status === "inactive" ? now : null },
    updated: now,
  });
}

function list(ctx: RequestContext) {
  const status = oneOf(optString(ctx.params, "status"), ["active", "inactive"] as const, "status");
  const all = newestFirst(Object.values(ctx.state.data.meters)).filter((m) => !status || m.status === status);
  return withExpand(ctx, paginate(all, ctx.params, "/v1/billing/meters"));
}

export function meterRoutes(router: Router): void {
  router
    .add("POST", "/v1/billing/meters", "v1", (ctx) => withExpand(ctx, create(ctx)))
    .add("GET", "/v1/billing/meters", "v1", list)
    .add("GET", "/v1/billing/meters/:id", "v1", (ctx) => withExpand(ctx, getMeter(ctx.state, ctx.route.id ?? "")))
    .add("POST", "/v1/billing/meters/:id", "v1", (ctx) => {
      allowOnly(ctx.params, ["display_name"]);
      const meter = getMeter(ctx.state, ctx.route.id ?? "");
      const displayName = optString(ctx.params, "display_name") ?? meter.display_name;
      return save(ctx, { ...meter, display_name: displayName, updated: ctx.state.now() });
    })
    .add("POST", "/v1/billing/meters/:id/deactivate", "v1", (ctx) => setStatus(ctx, "inactive"))
    .add("POST", "/v1/billing/meters/:id/reactivate", "v1", (ctx) => setStatus(ctx, "active"));
}
