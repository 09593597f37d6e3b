import type { RequestContext } from "../http/context";
import { noSuch } from "../http/errors";
import { newestFirst, paginate } from "../http/list";
import { optArray, optString } from "../http/params";
import type { Router } from "../http/router";

function list(ctx: RequestContext) {
  const type = optString(ctx.params, "type");
  const types = optArray(ctx.params, "types")?.filter((t): t is string => typeof t === "string");
  // `type` accepts a trailing wildcard, e.g. `customer.subscription.*`.
  const matches = (t: string) =>
    (!type || (type.endsWith("*") ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types || types.includes(t));
  const all = newestFirst(Object.values(ctx.state.data.events)).filter((e) => matches(e.type));
  return paginate(all, ctx.params, "/v1/events");
}

export function eventRoutes(router: Router): void {
  router.add("GET", "/v1/events", "v1", list).add("GET", "/v1/events/:id", "v1", (ctx) => {
    const event = ctx.state.data.events[ctx.route.id ?? ""];
    if (!event) throw noSuch("event", ctx.route.id ?? "");
    return event;
  });
}
