import { useLocation } from "@remix-run/react";
import type { RuntimeModes } from "~/lib/server/modes.server";
import { isAppPath } from "./shell/is-app-path";

const labels = {
  database: { embedded: "embedded Postgres", external: "Postgres" },
  stripe: { emulator: "Stripe emulator", test: "Stripe test mode", live: "Stripe live" },
  model: { demo: "demo model", upstream: "model provider" },
} as const;

export function SiteFooter({ modes }: { modes: RuntimeModes }) {
  if (isAppPath(useLocation().pathname)) return null;
  return (
    <footer className="border-t border-slate-200 bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-6 py-8 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between">
        <p>Meterkit — usage-based billing for LLM products. Open source.</p>
        {modes.local ? (
          <p data-testid="local-mode" className="rounded-full bg-amber-100 px-3 py-1 text-xs font-medium text-amber-800">
            Local stack:{" "}
            {[
              modes.database && labels.database[modes.database],
              modes.stripe && labels.stripe[modes.stripe],
              modes.model && labels.model[modes.model],
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        ) : null}
      </div>
    </footer>
  );
}
