import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PlanForm } from "~/components/plans/plan-form";
import { RateHistory } from "~/components/plans/rate-history";
import { StripePrices } from "~/components/plans/stripe-prices";
import { Badge, StatusBadge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { ConfirmAction } from "~/components/ui/confirm-action";
import { ActionNotice, Notice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles } from "~/components/ui/styles";
import { text } from "~/lib/form-data";
import { planToFormValues } from "~/lib/plan-values";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { catalogModels } from "~/lib/server/catalog.server";
import { parsePlanForm, planFieldName } from "~/lib/server/plan-form.server";
import { describeMove, describeSave, describeSyncAndMove, savePlan, syncPlan } from "~/lib/server/plan-save.server";
import { readForm } from "@meterkit/app-server";
import { invalid, loadOrThrow, runAction } from "~/lib/server/results.server";
import { describeSync, syncFromQuery } from "~/lib/sync-outcome";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.plan.name ?? "Plan"} · Meterkit admin` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const detail = await loadOrThrow(api.plans.get({ id: params.id ?? "" }));
  return { detail, catalog: catalogModels() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const id = params.id ?? "";
  const form = await readForm(request);
  const intent = text(form, "intent");
  if (intent === "sync") return runAction("sync", () => syncPlan(api.plans, id), describeSyncAndMove);
  if (intent === "move") return runAction("move", () => api.plans.moveSubscriptions({ id }), describeMove);
  if (intent === "archive") return runAction("archive", () => api.plans.archive({ id }), "Plan archived. Customers already on it keep it; it can no longer be chosen at checkout.");
  const parsed = parsePlanForm(form);
  if (!parsed.ok) return invalid("save", parsed.fieldErrors);
  return runAction("save", () => savePlan(api, id, parsed.input), describeSave, planFieldName);
}

export default function PlanDetail() {
  const { detail, catalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { plan } = detail;
  const fromRedirect = syncFromQuery(params);
  const syncing = navigation.state === "submitting" && navigation.formData?.get("intent") === "sync";
  const errors = result && !result.ok && result.intent === "save" ? result.fieldErrors : {};
  return (
    <div className="space-y-6">
      <PageHeader
        title={plan.name}
        description={
          <>
            <Link to="/plans" className="text-indigo-700 hover:underline">
              Plans
            </Link>{" "}
            / <span className="font-mono">{plan.code}</span>{" "}
            {plan.archivedAt ? <StatusBadge status="archived" /> : plan.isPublic ? <Badge tone="green">public</Badge> : <Badge>private</Badge>}
          </>
        }
        actions={
          <>
            {plan.stripeProductId ? (
              <ConfirmAction
                intent="move"
                triggerLabel="Move subscriptions"
                title="Move existing subscriptions to the current prices?"
                description="Every live subscription on this plan that still has a superseded price gets the current one (saving a rate change does this on its own; use this to retry). Stripe invoices the usage reported so far at the old price and new usage at the new one."
                confirmLabel="Move subscriptions"
              />
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="sync" />
              <button type="submit" className={buttonStyles.secondary} disabled={syncing}>
                {syncing ? "Syncing…" : "Sync to Stripe"}
              </button>
            </Form>
            {plan.archivedAt ? null : (
              <ConfirmAction
                intent="archive"
                triggerLabel="Archive"
                title={`Archive ${plan.name}?`}
                description="The plan stops being offered at checkout and on the pricing page. Customers already subscribed keep it, with their rates unchanged. This cannot be undone from the portal."
                confirmLabel="Archive plan"
                tone="danger"
              />
            )}
          </>
        }
      />
      {fromRedirect && !result ? (
        <Notice tone={describeSync(fromRedirect.sync).tone}>
          {fromRedirect.saved === "created" ? "Plan created. " : "Plan saved. "}
          {describeSync(fromRedirect.sync).text}
        </Notice>
      ) : null}
      <ActionNotice result={result} />
      <StripePrices plan={plan} prices={detail.prices} />
      <Card title="Edit plan">
        <PlanForm
          key={plan.updatedAt}
          mode="edit"
          values={planToFormValues(plan)}
          catalog={catalog}
          errors={errors}
          saveNote={
            <>
              <p>
                <strong className="font-semibold text-slate-800">Changing a rate creates a new rate version</strong> and a new metered price in Stripe; the old
                price is deactivated but kept, because past invoices refer to it.
              </p>
              <p className="mt-1">
                Usage recorded from the moment you save is costed with the new version. Usage already recorded keeps the version it was costed with; the ledger is
                never rewritten. New subscriptions get the new prices, and existing subscriptions on this plan are moved to them on save: Stripe
                invoices their usage so far at the old price and new usage at the new one.
              </p>
            </>
          }
        />
      </Card>
      <RateHistory history={detail.rateHistory} />
    </div>
  );
}
