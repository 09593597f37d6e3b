import { Alert, Badge, Button, Card, EmptyState } from "@meterkit/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageBody, PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { formatCount, formatDate } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { requireSameOrigin, requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Plans & billing · Meterkit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const caller = callerFor(user, request, context.ip);
  const [plans, subscription] = await Promise.all([caller.plans.find(), caller.account.getSubscription()]);
  return { plans, subscription };
}

/** Subscribe: a Stripe Checkout session for the plan, then off to Stripe's hosted page. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const form = await readForm(request);
  const planCode = String(form.get("planCode") ?? "");
  try {
    const checkout = await callerFor(user, request, context.ip).billing.createCheckout({ planCode });
    return redirect(checkout.url);
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ ...failure, planCode }, { status });
  }
}

type Plan = Awaited<ReturnType<typeof loader>>["plans"][number];

export default function Plans() {
  const { plans, subscription } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" ? String(navigation.formData?.get("planCode") ?? "") : null;
  const subscribed = ["active", "trialing", "past_due"].includes(subscription.status);
  const highlighted = params.get("plan");
  return (
    <PageBody>
      <PageHeader title="Plans & billing" description="A monthly base fee plus exactly the tokens you use, with input and output priced separately per model." />
      {params.get("checkout") === "canceled" ? <Alert tone="neutral">Checkout was canceled; nothing was charged.</Alert> : null}
      {result?.message ? <Alert tone="danger">{result.message}</Alert> : null}
      {subscribed && subscription.plan ? (
        <Alert tone={subscription.canUseModels ? "success" : "warning"} title={`You are on ${subscription.plan.name} (${subscription.status.replace("_", " ")})`}>
          {subscription.currentPeriodEnd ? `The current period ends ${formatDate(subscription.currentPeriodEnd)}. ` : ""}
          To change plans, contact support.
        </Alert>
      ) : null}
      {plans.length === 0 ? (
        <EmptyState title="No plans yet">The operator has not published any plans.</EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          {plans.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              current={subscription.plan?.id === plan.id}
              highlighted={highlighted === plan.code}
              canSubscribe={!subscribed && !subscription.suspended}
              busy={pending === plan.code}
            />
          ))}
        </div>
      )}
    </PageBody>
  );
}

function PlanCard({ plan, current, highlighted, canSubscribe, busy }: { plan: Plan; current: boolean; highlighted: boolean; canSubscribe: boolean; busy: boolean }) {
  return (
    <Card
      className={highlighted || current ? "ring-2 ring-brand-500" : undefined}
      title={
        <span className="flex items-center gap-2" data-testid={`plan-${plan.code}`}>
          {plan.name} {current ? <Badge tone="success">Current plan</Badge> : null}
        </span>
      }
      description={plan.description}
    >
      <p>
        <span className="text-3xl font-semibold tracking-tight text-slate-900">{formatMicros(plan.baseFeeMicros, plan.currency)}</span>
        <span className="text-sm text-slate-500"> / month + usage</span>
      </p>
      <ul className="mt-3 space-y-1 text-sm text-slate-600">
        <li>{formatCount(plan.tokensPerMinute)} tokens per minute</li>
        <li>{plan.hardCapMicros === null ? "No spending cap" : `Spending capped at ${formatMicros(plan.hardCapMicros, plan.currency)} a month`}</li>
        <li>{plan.contextPolicy === "truncate" ? "Long chats are shortened to fit the context window" : "Requests over the context window are refused"}</li>
      </ul>
      <table className="mt-4 w-full text-left text-sm">
        <caption className="sr-only">Per-model prices for {plan.name}, per 1M tokens</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 font-medium">Model</th>
            <th scope="col" className="py-2 text-right font-medium">Input</th>
            <th scope="col" className="py-2 text-right font-medium">Output</th>
          </tr>
        </thead>
        <tbody>
          {plan.rates.map((rate) => (
            <tr key={rate.model} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-2 font-mono text-xs font-normal text-slate-800">{rate.model}</th>
              <td className="py-2 text-right tabular-nums">{formatMicros(rate.inputMicrosPerMtok, plan.currency)}</td>
              <td className="py-2 text-right tabular-nums">{formatMicros(rate.outputMicrosPerMtok, plan.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500">Prices per 1M tokens.</p>
      {canSubscribe ? (
        <Form method="post" className="mt-5">
          <input type="hidden" name="planCode" value={plan.code} />
          <Button type="submit" className="w-full" busy={busy} aria-label={`Subscribe to ${plan.name}`}>
            Subscribe
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteError what="plans" />;
}
