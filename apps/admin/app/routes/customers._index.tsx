import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { StatusBadge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles, inputStyles } from "~/components/ui/styles";
import { Table, Tbody, Td, Th } from "~/components/ui/table";
import { formatDate } from "~/lib/format";
import { adminLoader } from "~/lib/server/admin-api.server";
import { loadOrThrow } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Customers · Meterkit admin" }];

const statuses = ["active", "trialing", "incomplete", "past_due", "unpaid", "canceled", "none", "suspended"] as const;
type StatusFilter = (typeof statuses)[number];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const url = new URL(request.url);
  const query = url.searchParams.get("q")?.trim() || undefined;
  const rawStatus = url.searchParams.get("status") ?? "";
  const status = (statuses as readonly string[]).includes(rawStatus) ? (rawStatus as StatusFilter) : undefined;
  const cursor = url.searchParams.get("cursor") || undefined;
  const page = await loadOrThrow(api.customers.find({ query, status, cursor, limit: 25 }));
  return { page, query: query ?? "", status: status ?? "" };
}

export default function Customers() {
  const { page, query, status } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const searching = useNavigation().location?.pathname === "/customers";
  const nextParams = new URLSearchParams(params);
  if (page.nextCursor) nextParams.set("cursor", page.nextCursor);
  return (
    <div>
      <PageHeader title="Customers" description="Search by name or email; open a customer for usage, keys, Stripe ids and account actions." />
      <Form method="get" role="search" className="mb-6 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="q" className="sr-only">
            Search customers
          </label>
          <input id="q" name="q" type="search" defaultValue={query} placeholder="Name or email" className={inputStyles} />
        </div>
        <div>
          <label htmlFor="status" className="sr-only">
            Status
          </label>
          <select id="status" name="status" defaultValue={status} className={inputStyles}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonStyles.primary}>
          {searching ? "Searching…" : "Search"}
        </button>
      </Form>
      <Card>
        {page.items.length === 0 ? (
          <EmptyState title={query || status ? "No customers match" : "No customers yet"}>
            {query || status ? "Try a shorter search or another status." : "Customers appear here when they sign up in the customer app."}
          </EmptyState>
        ) : (
          <Table caption="Customers, newest first">
            <thead>
              <tr>
                <Th>Customer</Th>
                <Th>Plan</Th>
                <Th>Subscription</Th>
                <Th>Stripe customer</Th>
                <Th>Signed up</Th>
              </tr>
            </thead>
            <Tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <Link to={`/customers/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                      {c.name}
                    </Link>
                    <div className="text-xs text-slate-500">{c.email}</div>
                  </Td>
                  <Td>{c.plan ? c.plan.name : <span className="text-slate-400">none</span>}</Td>
                  <Td>
                    <div className="flex gap-1">
                      <StatusBadge status={c.subscriptionStatus} />
                      {c.suspendedAt ? <StatusBadge status="suspended" /> : null}
                    </div>
                  </Td>
                  <Td className="font-mono text-xs text-slate-600">{c.stripeCustomerId ?? "—"}</Td>
                  <Td className="whitespace-nowrap text-slate-600">{formatDate(c.createdAt)}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {params.get("cursor") ? (
          <Link to={`/customers?${new URLSearchParams([...params].filter(([k]) => k !== "cursor"))}`} className={buttonStyles.secondary}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/customers?${nextParams}`} className={buttonStyles.secondary}>
            Next page
          </Link>
        ) : null}
      </div>
    </div>
  );
}
