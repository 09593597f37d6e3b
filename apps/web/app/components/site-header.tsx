import { Link, NavLink, useLocation } from "@remix-run/react";
import { isAppPath } from "./shell/is-app-path";

const navLink = ({ isActive }: { isActive: boolean }) =>
  `text-sm font-medium transition-colors ${isActive ? "text-slate-900" : "text-slate-600 hover:text-slate-900"}`;

export function SiteHeader() {
  // Signed-in pages bring their own frame (sidebar and top bar).
  if (isAppPath(useLocation().pathname)) return null;
  return (
    <header className="border-b border-slate-200/80 bg-white/80 backdrop-blur">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
        <Link to="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
            M
          </span>
          Meterkit
        </Link>
        <div className="flex items-center gap-6">
          <NavLink to="/pricing" className={navLink}>
            Pricing
          </NavLink>
          <NavLink to="/login" className={navLink}>
            Log in
          </NavLink>
          <Link
            to="/signup"
            className="rounded-lg bg-slate-900 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-slate-700"
          >
            Sign up
          </Link>
        </div>
      </nav>
    </header>
  );
}
