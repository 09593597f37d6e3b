import { verifyApiKey } from "@meterkit/api";
import { AdmissionLeases, createV1Handler, defaultLeasePolicy, toNodeListener } from "@meterkit/gateway";
import { db } from "../app/lib/server/db.server";
import { gatewayCaches } from "../app/lib/server/lookup-caches.server";
import { getLlm } from "../app/lib/server/llm.server";
import { getStripe } from "../app/lib/server/stripe.server";

/**
 * The OpenAI-compatible API (/v1/chat/completions, /v1/models), served by express ahead of the
 * Remix handler: API calls skip Remix routing and React entirely (docs/decisions/080-083).
 */
const onBackgroundError = (error: unknown, what: string) => console.error(`[v1] ${what}:`, error);

// Busy API keys are admitted from leases (decision 116); given back on shutdown.
const leases = new AdmissionLeases(db, defaultLeasePolicy, (error) => onBackgroundError(error, "admission lease"));

export const v1Listener = toNodeListener(
  createV1Handler({
    db,
    llm: getLlm(),
    stripe: getStripe() ?? undefined,
    caches: gatewayCaches,
    leases,
    authenticate: (rawKey) => verifyApiKey(db, rawKey),
    onBackgroundError,
  }),
  { bodyFromRaw: true },
);

/** Gives this process's admission leases back: call before the database closes. */
export function closeV1(): Promise<void> {
  return leases.close();
}
