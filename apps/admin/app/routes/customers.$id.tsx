import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Credits } from "~/components/customers/credits";
import { CustomerActions } from "~/components/customers/customer-actions";
import { CustomerFacts } from "~/components/customers/customer-facts";
import { RecentRequests } from "~/components/customers/recent-requests";
import { SpendCards } from "~/components/customers/spend-cards";
import { UsageByModel } from "~/components/customers/usage-by-model";
import { UsageChart } from "~/components/customers/usage-chart";
import { StatusBadge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { customerAction } from "~/lib/server/customer-actions.server";
import { readForm } from "@meterkit/app-server";
import { loadOrThrow } from "~/lib/server/results.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.customer.name ?? "Customer"} · Meterkit admin` }];

const chartDays = 30;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const id = params.id ?? "";
  const detail = await loadOrThrow(api.customers.get({ id }));
  const [daily, plans] = await Promise.all([api.customers.findDaily({ customerId: id, days: chartDays }), api.plans.find()]);
  const plan = plans.find((p) => p.id === detail.customer.plan?.id) ?? null;
  return {
    detail,
    daily: daily.days,
    plan: plan ? { hardCapMicros: plan.hardCapMicros, models: plan.rates.map((r) => r.model) } : null,
    plans: plans.filter((p) => !p.archivedAt).map((p) => ({ code: p.code, name: p.name })),
    // A fresh key per page view: a double-submitted credit or adjustment is recorded once.
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  return customerAction(api, params.id ?? "", await readForm(request));
}

export default function CustomerDetail() {
  const { detail, daily, plan, plans, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { customer, usage } = detail;
  const models = [...new Set([...(plan?.models ?? []), ...usage.models.map((m) => m.model)])];
  return (
    <div className="space-y-6">
      <PageHeader
        title={customer.name}
        description={
          <>
            <Link to="/customers" className="text-indigo-700 hover:underline">
              Customers
            </Link>{" "}
            / {customer.email} <StatusBadge status={customer.subscriptionStatus} />{" "}
            {customer.suspendedAt ? <StatusBadge status="suspended" /> : null}
          </>
        }
        actions={<CustomerActions customer={customer} plans={plans} models={models} idempotencyKey={idempotencyKey} />}
      />
      {result?.ok ? <ActionNotice result={result} /> : null}
      <SpendCards usage={usage} hardCapMicros={plan?.hardCapMicros ?? null} budgetMicros={customer.monthlyBudgetMicros} outbox={detail.outbox} unreportedEvents={detail.unreportedEvents} />
      <Card title="Usage, last 30 days">
        <UsageChart rows={daily} days={chartDays} />
      </Card>
      <Card title="This period by model">
        <UsageByModel models={usage.models} totals={usage} />
      </Card>
      <Credits credits={detail.credits} />
      <CustomerFacts customer={customer} apiKeys={detail.apiKeys} users={detail.users} />
      <RecentRequests events={detail.recentEvents} />
    </div>
  );
}
