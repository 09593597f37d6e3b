import { listPublicPlans } from "@meterkit/db";
import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMicros } from "~/lib/money";
import { db } from "~/lib/server/db.server";

export const meta: MetaFunction = () => [{ title: "Pricing · Meterkit" }];

export async function loader() {
  const plans = await listPublicPlans(db);
  // Only what the page shows; internal fields (Stripe ids, flush settings) stay on the server.
  return {
    plans: plans.map((plan) => ({
      id: plan.id,
      code: plan.code,
      name: plan.name,
      description: plan.description,
      currency: plan.currency,
      baseFeeMicros: plan.base_fee_micros,
      hardCapMicros: plan.hard_cap_micros,
      tokensPerMinute: plan.tokens_per_minute,
      rates: plan.rates.map((rate) => ({
        model: rate.model,
        inputMicros: rate.input_micros_per_mtok,
        cachedInputMicros: rate.cached_input_micros_per_mtok,
        outputMicros: rate.output_micros_per_mtok,
      })),
    })),
  };
}

type PlanView = Awaited<ReturnType<typeof loader>>["plans"][number];

export default function Pricing() {
  const { plans } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-6 py-16">
      <div className="max-w-2xl">
        <h1 className="text-4xl font-semibold tracking-tight text-slate-900">Pricing</h1>
        <p className="mt-4 text-lg text-slate-600">
          A monthly base fee, plus exactly the tokens you use. Input and output tokens have their own prices, per model, per
          million tokens.
        </p>
      </div>
      {plans.length === 0 ? (
        <p className="mt-12 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-600">
          No plans are published yet.
        </p>
      ) : (
        <div className="mt-12 grid gap-8 lg:grid-cols-3">
          {plans.map((plan) => (
            <PlanCard key={plan.id} plan={plan} />
          ))}
        </div>
      )}
    </div>
  );
}

function PlanCard({ plan }: { plan: PlanView }) {
  return (
    <section data-testid={`plan-${plan.id}`} aria-labelledby={`plan-${plan.code}`} className="flex flex-col rounded-2xl border border-slate-200 p-6 shadow-sm">
      <h2 id={`plan-${plan.code}`} className="text-lg font-semibold text-slate-900">
        {plan.name}
      </h2>
      <p className="mt-2 min-h-12 text-sm text-slate-600">{plan.description}</p>
      <p className="mt-6">
        <span className="text-4xl font-semibold tracking-tight text-slate-900">{formatMicros(plan.baseFeeMicros, plan.currency)}</span>
        <span className="text-sm text-slate-500"> / month + usage</span>
      </p>
      <ul className="mt-4 space-y-1 text-sm text-slate-600">
        <li>{plan.tokensPerMinute.toLocaleString("en-US")} tokens per minute</li>
        <li>{plan.hardCapMicros === null ? "No spending cap" : `Spending capped at ${formatMicros(plan.hardCapMicros, plan.currency)} a month`}</li>
      </ul>
      <table className="mt-6 w-full text-left text-sm">
        <caption className="sr-only">Per-model prices for {plan.name}, per 1M tokens</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 font-medium">
              Model
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Input
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Output
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.rates.map((rate) => (
            <tr key={rate.model} data-testid={`rate-${rate.model}`} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-2 font-mono text-xs font-normal text-slate-800">
                {rate.model}
              </th>
              <td className="py-2 text-right tabular-nums text-slate-700">
                {formatMicros(rate.inputMicros, plan.currency)}
                {rate.cachedInputMicros !== rate.inputMicros ? (
                  <span className="block text-xs text-slate-500">cached {formatMicros(rate.cachedInputMicros, plan.currency)}</span>
                ) : null}
              </td>
              <td className="py-2 text-right tabular-nums text-slate-700">{formatMicros(rate.outputMicros, plan.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">Prices per 1M tokens.</p>
      <div className="mt-auto pt-6">
        <Link
          to={`/signup?plan=${encodeURIComponent(plan.code)}`}
          className="block rounded-lg bg-brand-600 px-4 py-2.5 text-center text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
        >
          Choose {plan.name}
        </Link>
      </div>
    </section>
  );
}
