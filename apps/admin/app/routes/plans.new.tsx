import { createPlanInput } from "@meterkit/api";
import { z } from "zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { emptyPlan, PlanForm } from "~/components/plans/plan-form";
import { Card } from "~/components/ui/card";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { text } from "~/lib/form-data";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { catalogModels } from "~/lib/server/catalog.server";
import { parsePlanForm, planFieldName } from "~/lib/server/plan-form.server";
import { readForm } from "@meterkit/app-server";
import { invalid, runAction } from "~/lib/server/results.server";
import { syncQuery } from "~/lib/sync-outcome";

export const meta: MetaFunction = () => [{ title: "New plan · Meterkit admin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await adminLoader(request, context);
  return { catalog: catalogModels() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const form = await readForm(request);
  const parsed = parsePlanForm(form);
  // Code and name are checked in the same round as the rest, with the API's own rules, so a form
  // with several mistakes shows them all at once.
  const identity = createPlanInput.pick({ code: true, name: true }).safeParse({ code: text(form, "code"), name: text(form, "name") });
  if (!parsed.ok || !identity.success) {
    const identityErrors = identity.success ? {} : (z.flattenError(identity.error).fieldErrors as Record<string, string[]>);
    return invalid("save", { ...identityErrors, ...(parsed.ok ? {} : parsed.fieldErrors) });
  }
  const outcome = await runAction("save", () => api.plans.create({ code: text(form, "code"), ...parsed.input }), "Plan created.", planFieldName);
  if (!("ok" in outcome) || !outcome.ok) return outcome;
  const { plan, stripeSync } = outcome.result;
  throw redirect(`/plans/${plan.id}?${syncQuery("created", stripeSync)}`);
}

export default function NewPlan() {
  const { catalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <div className="space-y-6">
      <PageHeader
        title="New plan"
        description={
          <>
            <Link to="/plans" className="text-indigo-700 hover:underline">
              Plans
            </Link>{" "}
            / new
          </>
        }
      />
      <ActionNotice result={result} />
      <Card>
        <PlanForm
          mode="create"
          values={emptyPlan}
          catalog={catalog}
          errors={errors}
          saveNote="Creating the plan also creates it in Stripe: a product, a monthly base price, a billing meter per model and token class (shared between plans), and a metered price on each meter at this plan's rate. Running it again never creates duplicates."
        />
      </Card>
    </div>
  );
}
