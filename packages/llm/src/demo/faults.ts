/**
 * Failures the demo model can be told to produce, so tests can drive every upstream failure
 * billing must survive. Set them with the `faults` option, `setFaults()`, or at runtime with
 * `POST /_demo/faults` and this JSON shape (an empty object clears them).
 */
import { z } from "zod";

export const demoFaultsSchema = z.object({
  /** Answer chat requests with this HTTP error and OpenAI's error object, before any token. */
  httpError: z
    .object({
      status: z.number().int().min(400).max(599),
      /** Only the next `times` chat requests fail; unset means every one until cleared. */
      times: z.number().int().min(1).optional(),
      message: z.string().optional(),
      code: z.string().nullable().optional(),
      /** Sent as `retry-after-ms`, which the openai SDK honours between its retries. */
      retryAfterMs: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Close the connection without answering (the client sees a connection error). */
  dropConnection: z.boolean().optional(),
  /** Destroy the socket after this many content chunks of a stream, with no [DONE]. */
  cutStreamAfterChunks: z.number().int().min(0).optional(),
  /** End the stream cleanly after this many content chunks, with no finish reason and no [DONE]. */
  endStreamAfterChunks: z.number().int().min(0).optional(),
  /** Send an error event after this many content chunks of a stream, then end it. */
  errorEventAfterChunks: z.number().int().min(0).optional(),
  /** Added to the usage the model reports, to exercise count-mismatch flagging. */
  usageOffset: z
    .object({ promptTokens: z.number().int().optional(), completionTokens: z.number().int().optional() })
    .optional(),
  /** Extra delay before the response starts, on top of the first-token latency. */
  latencyMs: z.number().int().min(0).optional(),
});

export type DemoFaults = z.infer<typeof demoFaultsSchema>;

/** The server's current faults; `httpError.times` counts down as requests consume it. */
export class FaultState {
  private current: DemoFaults;

  constructor(initial: DemoFaults = {}) {
    this.current = demoFaultsSchema.parse(initial);
  }

  get(): DemoFaults {
    return structuredClone(this.current);
  }

  set(faults: DemoFaults): void {
    this.current = demoFaultsSchema.parse(faults);
  }

  /** The faults for one incoming chat request, consuming one use of a counted HTTP error. */
  take(): DemoFaults {
    const faults = this.get();
    const httpError = this.current.httpError;
    if (httpError?.times !== undefined) {
      if (httpError.times <= 1) delete this.current.httpError;
      else httpError.times -= 1;
    }
    return faults;
  }
}
