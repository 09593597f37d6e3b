import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditTable } from "~/components/audit/audit-table";
import { Card } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles, inputStyles, labelStyles } from "~/components/ui/styles";
import { adminLoader } from "~/lib/server/admin-api.server";
import { loadOrThrow } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Meterkit admin" }];

/** Action families the API writes; the filter matches by prefix. */
const actionGroups = [
  ["plan.", "Plans"],
  ["customer.", "Customers"],
  ["reconciliation.", "Reconciliation"],
  ["outbox.", "Outbox"],
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const url = new URL(request.url);
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const actorUserId = get("actor");
  const [page, actors] = await Promise.all([
    loadOrThrow(
      api.audit.find({
        action: get("action"),
        targetId: get("target"),
        actorUserId: actorUserId && /^[0-9a-f-]{36}$/i.test(actorUserId) ? actorUserId : undefined,
        cursor: get("cursor"),
        limit: 25,
      }),
    ),
    api.audit.findActors(),
  ]);
  return { page, actors };
}

export default function Audit() {
  const { page, actors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filtered = ["action", "target", "actor"].some((k) => params.get(k));
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every admin action: who did it, when, and the record before and after. Entries are never edited or removed." />
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="audit-action" className={labelStyles}>
            What
          </label>
          <input id="audit-action" name="action" list="audit-actions" defaultValue={params.get("action") ?? ""} placeholder="e.g. customer. or plan.update" className={`mt-1 ${inputStyles} w-56`} />
          <datalist id="audit-actions">
            {actionGroups.map(([prefix, label]) => (
              <option key={prefix} value={prefix}>
                {label}
              </option>
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="audit-actor" className={labelStyles}>
            Who
          </label>
          <select id="audit-actor" name="actor" defaultValue={params.get("actor") ?? ""} className={`mt-1 ${inputStyles} w-56`}>
            <option value="">Any admin</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.email}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-target" className={labelStyles}>
            Target id
          </label>
          <input id="audit-target" name="target" defaultValue={params.get("target") ?? ""} placeholder="customer, plan, run or report id" className={`mt-1 ${inputStyles} w-80 font-mono`} />
        </div>
        <button type="submit" className={buttonStyles.primary}>
          Search
        </button>
        {filtered ? (
          <Link to="/audit" className={buttonStyles.secondary}>
            Clear
          </Link>
        ) : null}
      </Form>
      <Card>
        <AuditTable entries={page.items} filtered={filtered} />
      </Card>
      <div className="flex justify-end gap-2">
        {params.get("cursor") ? (
          <Link to={`/audit?${new URLSearchParams([...params].filter(([k]) => k !== "cursor"))}`} className={buttonStyles.secondary}>
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/audit?${next}`} className={buttonStyles.secondary}>
            Older entries
          </Link>
        ) : null}
      </div>
    </div>
  );
}
