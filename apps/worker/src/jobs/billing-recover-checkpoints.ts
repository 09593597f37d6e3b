import { recoverStaleCheckpoints, type BillingWorkerEnv } from "@meterkit/billing";
import type { Job } from "../job";

/** Stale stream checkpoints (their process died) become aborted usage events with the checkpointed counts. */
export function billingRecoverCheckpointsJob(env: BillingWorkerEnv): Job {
  return {
    name: "billing-recover-checkpoints",
    intervalMs: 15_000,
    async run({ db, log }) {
      const recovered = await recoverStaleCheckpoints(db, {
        staleAfterSeconds: env.BILLING_CHECKPOINT_STALE_SECONDS,
        onError: (error, requestId) => log.error(`checkpoint ${requestId} could not be billed (${error instanceof Error ? error.message : String(error)}); it stays for the next run`),
      });
      if (recovered) log.info(`recovered ${recovered} interrupted streams into aborted usage events`);
    },
  };
}
