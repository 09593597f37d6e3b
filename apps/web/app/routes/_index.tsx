import { Link } from "@remix-run/react";

const features = [
  {
    title: "Exact token metering",
    body: "Prompt and completion tokens are counted the way the provider counts them, streamed or not, and every request lands in an append-only ledger exactly once.",
  },
  {
    title: "Stripe billing meters",
    body: "Input, cached input and output tokens each go to their own meter and price, so invoices show what was used at the price it was sold for.",
  },
  {
    title: "OpenAI-compatible API",
    body: "Customers call /v1/chat/completions with their own API key. Any OpenAI SDK works unchanged; usage is billed to their plan.",
  },
  {
    title: "Caps and limits that hold",
    body: "Hard spending caps and tokens-per-minute limits are enforced before the model is called, even under concurrent requests.",
  },
  {
    title: "Streaming chat",
    body: "A chat UI that shows tokens and cost live while the reply streams, and bills what was delivered when a reply is stopped.",
  },
  {
    title: "Reconciliation built in",
    body: "The admin portal compares the ledger with Stripe per customer and meter, and repairs any difference with an audit trail.",
  },
];

const sample = `curl $METERKIT_URL/v1/chat/completions \\
  -H "Authorization: Bearer $METERKIT_API_KEY" \\
  -d '{"model": "gpt-4o-mini",
       "messages": [{"role": "user", "content": "Hello"}]}'`;

export default function Landing() {
  return (
    <>
      <section className="relative overflow-hidden bg-gradient-to-b from-brand-50 to-white">
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-6 py-20 grid-cols-1 lg:grid-cols-2 lg:py-28">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-brand-600">Usage-based billing for LLM products</p>
            <h1 className="mt-4 text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">
              Sell LLM access, billed per token.
            </h1>
            <p className="mt-6 text-lg leading-8 text-slate-600">
              Meterkit meters every input and output token, bills it through Stripe at your prices, and gives your customers
              a streaming chat and an OpenAI-compatible API. Fork it, set your plans, ship.
            </p>
            <div className="mt-10 flex flex-wrap items-center gap-4">
              <Link
                to="/signup"
                className="rounded-lg bg-brand-600 px-5 py-3 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
              >
                Start building
              </Link>
              <Link to="/pricing" className="rounded-lg px-5 py-3 text-sm font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-white">
                See pricing →
              </Link>
            </div>
          </div>
          <div className="min-w-0 rounded-2xl bg-slate-900 p-6 shadow-xl ring-1 ring-slate-900/10">
            <div className="flex gap-1.5" aria-hidden>
              <span className="size-3 rounded-full bg-slate-700" />
              <span className="size-3 rounded-full bg-slate-700" />
              <span className="size-3 rounded-full bg-slate-700" />
            </div>
            <pre className="mt-4 overflow-x-auto text-sm leading-6 text-slate-100">
              <code>{sample}</code>
            </pre>
            <p className="mt-4 border-t border-slate-700 pt-4 font-mono text-xs text-emerald-300">
              usage: 9 input · 12 output tokens → billed to your plan
            </p>
          </div>
        </div>
      </section>

      <section aria-labelledby="features" className="mx-auto max-w-6xl px-6 py-20">
        <h2 id="features" className="text-2xl font-semibold tracking-tight text-slate-900">
          Everything between your model and your invoice
        </h2>
        <div className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {features.map((feature) => (
            <div key={feature.title} className="rounded-xl border border-slate-200 p-6 shadow-sm">
              <h3 className="font-semibold text-slate-900">{feature.title}</h3>
              <p className="mt-2 text-sm leading-6 text-slate-600">{feature.body}</p>
            </div>
          ))}
        </div>
      </section>

      <section className="bg-slate-900">
        <div className="mx-auto flex max-w-6xl flex-col items-start gap-6 px-6 py-16 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <h2 className="text-2xl font-semibold tracking-tight text-white">Pay only for the tokens you use.</h2>
            <p className="mt-2 text-slate-300">A monthly base fee plus per-token prices for each model.</p>
          </div>
          <Link to="/pricing" className="rounded-lg bg-white px-5 py-3 text-sm font-semibold text-slate-900 hover:bg-slate-100">
            Compare plans
          </Link>
        </div>
      </section>
    </>
  );
}
