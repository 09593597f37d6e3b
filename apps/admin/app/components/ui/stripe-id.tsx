/** A Stripe object id in a monospace chip, or a note that the object does not exist yet. */
export function StripeId({ id, missing = "not synced" }: { id: string | null | undefined; missing?: string }) {
  if (!id) return <span className="text-xs text-amber-700">{missing}</span>;
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-700">{id}</code>;
}
