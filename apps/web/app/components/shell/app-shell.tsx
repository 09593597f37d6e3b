import { Badge } from "@meterkit/ui";
import { Form, Link, NavLink, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { LocalModeBadge } from "./local-mode";
import { navItems } from "./nav-items";

export interface ShellAccount {
  email: string;
  customerName: string;
  planName: string | null;
  status: string;
  canUseModels: boolean;
}

const link = ({ isActive }: { isActive: boolean }) =>
  `flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
    isActive ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800/60 hover:text-white"
  }`;

function NavIcon({ d }: { d: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="size-5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}

function Nav() {
  return (
    <ul className="space-y-1">
      {navItems.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} className={link} prefetch="intent">
            <NavIcon d={item.icon} />
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Brand() {
  return (
    <Link to="/app" className="flex items-center gap-2 text-base font-semibold tracking-tight text-white">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm">
        M
      </span>
      Meterkit
    </Link>
  );
}

/**
 * The signed-in frame: a dark sidebar on wide screens, a collapsible menu on narrow ones (a
 * <details> element, so it opens without JavaScript), and a top bar with the plan and the user.
 */
export function AppShell({ account, children }: { account: ShellAccount; children: ReactNode }) {
  const busy = useNavigation().state === "loading";
  // The phone menu is a <details>: it would stay open over the page it just opened.
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  // Browser tests wait for this before they use features that need JavaScript (streaming chat).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <div className="flex min-h-dvh bg-slate-50">
      <aside className="hidden w-60 shrink-0 flex-col bg-slate-900 px-3 py-5 lg:flex">
        <div className="px-3">
          <Brand />
        </div>
        <nav aria-label="App" className="mt-8 flex-1">
          <Nav />
        </nav>
        <p className="truncate px-3 text-xs text-slate-400" title={account.customerName}>
          {account.customerName}
        </p>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <div aria-hidden className={`h-0.5 bg-brand-500 transition-opacity ${busy ? "animate-pulse opacity-100" : "opacity-0"}`} />
        <header className="flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 sm:px-6">
          <details ref={menu} className="relative lg:hidden">
            <summary className="cursor-pointer list-none rounded-lg px-2 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300">Menu</summary>
            <nav aria-label="App menu" className="absolute left-0 z-20 mt-2 w-56 rounded-xl bg-slate-900 p-2 shadow-lg">
              <Nav />
            </nav>
          </details>
          <div className="flex min-w-0 flex-1 items-center gap-2">
            {account.planName ? (
              <Badge tone={account.canUseModels ? "success" : "warning"}>
                {account.planName} · {account.status.replace("_", " ")}
              </Badge>
            ) : (
              <Link to="/app/plans" className="text-sm font-medium text-brand-600 hover:text-brand-700">
                Choose a plan →
              </Link>
            )}
          </div>
          <LocalModeBadge />
          <span className="hidden truncate text-sm text-slate-600 sm:inline" data-testid="signed-in-as">
            {account.email}
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="rounded-lg px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">
              Log out
            </button>
          </Form>
        </header>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
