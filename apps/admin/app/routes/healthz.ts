import { checkHealth } from "~/lib/server/health.server";

/** GET /healthz: 200 {ok:true, db:"up"} when ready, 503 otherwise (used by CI and load balancers). */
export async function loader() {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
