import { verifyApiKey } from "@meterkit/api";
import { createV1Handler, toNodeListener } from "@meterkit/gateway";
import { db } from "../app/lib/server/db.server";
import { gatewayCaches } from "../app/lib/server/lookup-caches.server";
import { getLlm } from "../app/lib/server/llm.server";
import { getStripe } from "../app/lib/server/stripe.server";

/**
 * The OpenAI-compatible API (/v1/chat/completions, /v1/models), served by express ahead of the
 * Remix handler: API calls skip Remix routing and React entirely (docs/decisions/080-083).
 */
export const v1Listener = toNodeListener(
  createV1Handler({
    db,
    llm: getLlm(),
    stripe: getStripe() ?? undefined,
    caches: gatewayCaches,
    authenticate: (rawKey) => verifyApiKey(db, rawKey),
    onBackgroundError: (error, what) => console.error(`[v1] ${what}:`, error),
  }),
);
