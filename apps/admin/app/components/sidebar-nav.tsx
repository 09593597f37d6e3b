import { NavLink } from "@remix-run/react";

const sections = [
  { to: "/", label: "Overview", end: true, icon: "M3 12l9-9 9 9M5 10v10h14V10" },
  { to: "/customers", label: "Customers", icon: "M16 19v-1a4 4 0 00-4-4H6a4 4 0 00-4 4v1M9 10a3 3 0 100-6 3 3 0 000 6zM22 19v-1a4 4 0 00-3-3.87M16 4.13a3 3 0 010 5.74" },
  { to: "/plans", label: "Plans", icon: "M4 6h16M4 12h16M4 18h10" },
  { to: "/reconciliation", label: "Reconciliation", icon: "M4 4h6v6H4zM14 14h6v6h-6zM17 4v7M7 13v7M14 7h6M4 17h6" },
  { to: "/outbox", label: "Outbox health", icon: "M3 7l9 6 9-6M3 7v10h18V7M3 7l9-4 9 4" },
  { to: "/audit", label: "Audit log", icon: "M9 5h10M9 12h10M9 19h10M4 5h.01M4 12h.01M4 19h.01" },
] as const;

export function SidebarNav() {
  return (
    <nav aria-label="Admin sections" className="shrink-0 border-b border-slate-200 bg-white md:w-56 md:border-r md:border-b-0">
      <ul className="flex gap-1 overflow-x-auto p-2 md:sticky md:top-0 md:block md:space-y-1 md:p-3">
        {sections.map((s) => (
          <li key={s.to}>
            <NavLink
              to={s.to}
              end={"end" in s ? s.end : false}
              prefetch="intent"
              className={({ isActive }) =>
                `flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium whitespace-nowrap ${
                  isActive ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                }`
              }
            >
              <svg aria-hidden viewBox="0 0 24 24" className="size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
                <path d={s.icon} />
              </svg>
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
