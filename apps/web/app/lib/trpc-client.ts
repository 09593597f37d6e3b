import type { AppRouter } from "@meterkit/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";

/**
 * tRPC from the browser, against /api/trpc with the session cookie. Only the type of the router
 * is imported, so no server code reaches the client bundle.
 */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc" })],
});
