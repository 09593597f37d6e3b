import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, StatCard } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { Table, Tbody, Td, Th } from "~/components/ui/table";
import { formatAge, formatCount, formatDate, formatRate } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { adminLoader } from "~/lib/server/admin-api.server";

export const meta: MetaFunction = () => [{ title: "Overview · Meterkit admin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin, api } = await adminLoader(request, context);
  return { email: admin.email, overview: await api.overview.get() };
}

export default function Overview() {
  const { email, overview: o } = useLoaderData<typeof loader>();
  const lagTone = o.outbox.dead > 0 || o.outbox.failed > 0 ? "bad" : o.outbox.lagSeconds > 3600 ? "warn" : "default";
  return (
    <div className="space-y-8">
      <PageHeader
        title="Overview"
        description={
          <>
            This period ({formatDate(o.from)} – {formatDate(o.to)}), from the usage ledger. Signed in as {email}.
          </>
        }
      />
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Usage billed this period" value={formatMicros(o.revenue.usageMicros)} detail={`Metered usage from the ledger; base fees are billed by Stripe${o.revenue.creditMicros ? `; credits granted ${formatMicros(-o.revenue.creditMicros)}` : ""}`} />
        <StatCard label="Requests" value={formatCount(o.requests.total)} detail={`${formatCount(o.requests.completed)} completed, ${formatCount(o.requests.truncated)} truncated`} />
        <StatCard
          label="Error rate · abort rate"
          value={`${formatRate(o.requests.errorRate)} · ${formatRate(o.requests.abortRate)}`}
          detail={`${formatCount(o.requests.failed)} failed, ${formatCount(o.requests.aborted)} aborted by the client`}
          tone={o.requests.errorRate > 0.05 ? "bad" : "default"}
        />
        <StatCard
          label="Outbox lag"
          value={o.outbox.lagSeconds === 0 ? "none" : formatAge(o.outbox.lagSeconds)}
          detail={
            <Link to="/outbox" className="hover:underline">
              {o.outbox.pending} pending, {o.outbox.failed} failed, {o.outbox.dead} dead-lettered
            </Link>
          }
          tone={lagTone}
        />
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Tokens by model">
          {o.tokensByModel.length === 0 ? (
            <EmptyState title="No usage yet this period">Tokens appear here as soon as customers chat or call the API.</EmptyState>
          ) : (
            <Table caption="Billed tokens and cost per model this period">
              <thead>
                <tr>
                  <Th>Model</Th>
                  <Th numeric>Input</Th>
                  <Th numeric>Cached</Th>
                  <Th numeric>Output</Th>
                  <Th numeric>Cost</Th>
                </tr>
              </thead>
              <Tbody>
                {o.tokensByModel.map((m) => (
                  <tr key={m.model}>
                    <Td className="font-mono text-xs">{m.model}</Td>
                    <Td numeric>{formatCount(m.inputTokens)}</Td>
                    <Td numeric>{formatCount(m.cachedInputTokens)}</Td>
                    <Td numeric>{formatCount(m.outputTokens)}</Td>
                    <Td numeric>{formatMicros(m.costMicros)}</Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Card>
        <Card title="Top customers">
          {o.topCustomers.length === 0 ? (
            <EmptyState title="No spending customers yet" />
          ) : (
            <Table caption="Customers with the highest spend this period">
              <thead>
                <tr>
                  <Th>Customer</Th>
                  <Th numeric>Spend</Th>
                </tr>
              </thead>
              <Tbody>
                {o.topCustomers.map((c) => (
                  <tr key={c.id}>
                    <Td>
                      <Link to={`/customers/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                        {c.name}
                      </Link>
                      <div className="text-xs text-slate-500">{c.email}</div>
                    </Td>
                    <Td numeric>{formatMicros(c.costMicros)}</Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Card>
      </div>
    </div>
  );
}
