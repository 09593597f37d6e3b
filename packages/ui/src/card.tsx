import type { ReactNode } from "react";
import { cx } from "./cx";

export function Card({ title, description, actions, children, className }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <section className={cx("rounded-xl bg-white shadow-sm ring-1 ring-slate-200", className)}>
      {title || actions ? (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            {title ? <h2 className="text-base font-semibold text-slate-900">{title}</h2> : null}
            {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}

/** A labelled number, e.g. "Cost this period — $1.24". */
export function Stat({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="rounded-xl bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {detail ? <dd className="mt-1 text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}

/** A horizontal bar for a 0..1 ratio (context window fill, budget spent), with an accessible value. */
export function Meter({ label, ratio, tone = "brand" }: { label: string; ratio: number; tone?: "brand" | "warning" | "danger" }) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0));
  const fill = tone === "danger" ? "bg-red-500" : tone === "warning" ? "bg-amber-500" : "bg-brand-500";
  return (
    <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped * 100)} className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200">
      <div className={cx("h-full rounded-full transition-[width] duration-300", fill)} style={{ width: `${clamped * 100}%` }} />
    </div>
  );
}
