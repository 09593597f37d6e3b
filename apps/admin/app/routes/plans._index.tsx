import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, StatusBadge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles } from "~/components/ui/styles";
import { Table, Tbody, Td, Th } from "~/components/ui/table";
import { formatMicros } from "~/lib/money";
import { adminLoader } from "~/lib/server/admin-api.server";

export const meta: MetaFunction = () => [{ title: "Plans · Meterkit admin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  return { plans: await api.plans.find() };
}

export default function Plans() {
  const { plans } = useLoaderData<typeof loader>();
  const newPlan = (
    <Link to="/plans/new" className={buttonStyles.primary}>
      New plan
    </Link>
  );
  return (
    <div>
      <PageHeader title="Plans" description="What customers can subscribe to: models, per-token rates, limits and how usage reaches Stripe." actions={newPlan} />
      <Card>
        {plans.length === 0 ? (
          <EmptyState title="No plans yet" action={newPlan}>
            Create a plan to offer models at your own per-token rates.
          </EmptyState>
        ) : (
          <Table caption="All plans, archived ones last">
            <thead>
              <tr>
                <Th>Plan</Th>
                <Th>Status</Th>
                <Th numeric>Base fee</Th>
                <Th numeric>Hard cap</Th>
                <Th>Models</Th>
                <Th>Stripe product</Th>
              </tr>
            </thead>
            <Tbody>
              {plans.map((p) => (
                <tr key={p.id} data-testid={`plan-row-${p.code}`}>
                  <Td>
                    <Link to={`/plans/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                      {p.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{p.code}</div>
                  </Td>
                  <Td>{p.archivedAt ? <StatusBadge status="archived" /> : p.isPublic ? <Badge tone="green">public</Badge> : <Badge>private</Badge>}</Td>
                  <Td numeric>{formatMicros(p.baseFeeMicros)}</Td>
                  <Td numeric>{p.hardCapMicros === null ? "none" : formatMicros(p.hardCapMicros)}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {p.rates.map((r) => (
                        <Badge key={r.model} tone="indigo">
                          {r.model}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td className="font-mono text-xs text-slate-600">{p.stripeProductId ?? <Badge tone="amber">not synced</Badge>}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
