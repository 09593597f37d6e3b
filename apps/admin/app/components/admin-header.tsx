import { Form, Link } from "@remix-run/react";
import type { ModeBadge } from "~/lib/server/modes.server";

export function AdminHeader({ modes, adminEmail }: { modes: ModeBadge[]; adminEmail: string | null }) {
  return (
    <header className="border-b border-slate-800 bg-slate-900 text-slate-100">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-6 px-6">
        <Link to="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid size-6 place-items-center rounded bg-indigo-500 text-xs text-white">
            M
          </span>
          Meterkit admin
        </Link>
        <ul aria-label="Runtime modes" data-testid="runtime-modes" className="hidden items-center gap-2 md:flex">
          {modes.map((mode) => (
            <li
              key={mode.part}
              className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
                mode.local ? "bg-amber-400/15 text-amber-300 ring-1 ring-amber-400/30" : "bg-emerald-400/10 text-emerald-300 ring-1 ring-emerald-400/30"
              }`}
            >
              {mode.label}
            </li>
          ))}
        </ul>
        {adminEmail ? (
          <div className="flex items-center gap-4 text-sm">
            <span className="hidden text-slate-400 sm:inline">{adminEmail}</span>
            <Link to="/account" className="rounded-md px-2.5 py-1 whitespace-nowrap text-slate-200 hover:bg-slate-800">
              Account
            </Link>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded-md px-2.5 py-1 whitespace-nowrap text-slate-200 ring-1 ring-slate-700 hover:bg-slate-800">
                Log out
              </button>
            </Form>
          </div>
        ) : (
          <span className="text-sm text-slate-400">Not signed in</span>
        )}
      </div>
    </header>
  );
}
