import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** "Local stack" in the top bar when Stripe or the model is a stand-in, so nobody mistakes it for production. */
export function LocalModeBadge() {
  const modes = useRouteLoaderData<typeof rootLoader>("root")?.modes;
  if (!modes?.local) return null;
  const parts = [modes.stripe === "emulator" && "Stripe emulator", modes.model === "demo" && "demo model"].filter(Boolean);
  return (
    <span data-testid="local-mode" className="hidden rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-800 md:inline">
      Local: {parts.join(" · ") || "embedded Postgres"}
    </span>
  );
}
