import { Form, Link, useNavigation } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/lib/format";
import { Badge, StatusBadge } from "../ui/badge";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { StripeId } from "../ui/stripe-id";
import { Table, Tbody, Td, Th } from "../ui/table";

interface Props {
  customer: {
    id: string;
    plan: { id: string; code: string; name: string } | null;
    subscriptionStatus: string;
    stripeCustomerId: string | null;
    stripeSubscriptionId: string | null;
    currentPeriodStart: string | null;
    currentPeriodEnd: string | null;
    suspendedAt: string | null;
    createdAt: string | null;
  };
  apiKeys: { id: string; name: string; prefix: string; createdAt: string | null; lastUsedAt: string | null; revokedAt: string | null }[];
  users: { id: string; email: string; role: string; createdAt: string | null }[];
}

export function CustomerFacts({ customer, apiKeys, users }: Props) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Subscription and Stripe">
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">Plan</dt>
          <dd data-testid="customer-plan">
            {customer.plan ? (
              <Link to={`/plans/${customer.plan.id}`} className="text-indigo-700 hover:underline">
                {customer.plan.name}
              </Link>
            ) : (
              "none"
            )}
          </dd>
          <dt className="text-slate-500">Subscription</dt>
          <dd>
            <StatusBadge status={customer.subscriptionStatus} />
          </dd>
          <dt className="text-slate-500">Current period</dt>
          <dd>
            {formatDate(customer.currentPeriodStart)} – {formatDate(customer.currentPeriodEnd)}
            {customer.currentPeriodStart ? <ReconcilePeriod /> : null}
          </dd>
          <dt className="text-slate-500">Stripe customer</dt>
          <dd>
            <StripeId id={customer.stripeCustomerId} missing="none" />
          </dd>
          <dt className="text-slate-500">Stripe subscription</dt>
          <dd>
            <StripeId id={customer.stripeSubscriptionId} missing="none" />
          </dd>
          <dt className="text-slate-500">Suspended</dt>
          <dd>{customer.suspendedAt ? formatDateTime(customer.suspendedAt) : "no"}</dd>
          <dt className="text-slate-500">Signed up</dt>
          <dd>{formatDateTime(customer.createdAt)}</dd>
          <dt className="text-slate-500">Users</dt>
          <dd>{users.map((u) => u.email).join(", ") || "none"}</dd>
        </dl>
      </Card>
      <Card title="API keys">
        {apiKeys.length === 0 ? (
          <EmptyState title="No API keys">The customer creates keys in the customer app.</EmptyState>
        ) : (
          <Table caption="The customer's API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Last used</Th>
                <Th>State</Th>
              </tr>
            </thead>
            <Tbody>
              {apiKeys.map((k) => (
                <tr key={k.id}>
                  <Td>{k.name}</Td>
                  <Td className="font-mono text-xs">{k.prefix}…</Td>
                  <Td className="text-xs text-slate-600">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}</Td>
                  <Td>{k.revokedAt ? <Badge>revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}

/** Compares this customer's ledger with Stripe over a billing period, as Stripe anchors it. */
function ReconcilePeriod() {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "reconcilePeriod";
  return (
    <Form method="post" className="mt-1 flex flex-wrap gap-x-3 text-xs">
      <input type="hidden" name="intent" value="reconcilePeriod" />
      <span className="text-slate-500">{busy ? "Comparing with Stripe…" : "Reconcile with Stripe:"}</span>
      <button type="submit" name="period" value="current" disabled={busy} className="text-indigo-700 hover:underline disabled:opacity-50">
        this period
      </button>
      <button type="submit" name="period" value="previous" disabled={busy} className="text-indigo-700 hover:underline disabled:opacity-50">
        the previous period
      </button>
    </Form>
  );
}
