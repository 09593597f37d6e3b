import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";

/** GET /app/usage.csv: this period's ledger events as CSV (the usage API's export), as a download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const exported = await callerFor(user, request, context.ip).usage.exportCsv({});
  return new Response(exported.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "Cache-Control": "private, no-store",
      ...(exported.truncated ? { "X-Meterkit-Truncated": `first ${exported.rows} rows` } : {}),
    },
  });
}
