/**
 * Writes the running count of a stream every N tokens or T ms without ever making the stream
 * wait: `observe` is synchronous and cheap, at most one write is in flight, and a write that
 * comes due while one is running is folded into a single follow-up carrying the newest count.
 * A crash therefore loses at most one interval of tokens (the worker turns the last checkpoint
 * into an aborted usage event).
 */
export type CheckpointWrite = (completionTokens: number) => Promise<void>;

export type CheckpointPolicy = { everyTokens: number; everyMs: number };

// A crash loses at most 1 s of output, or 256 tokens of a faster model. Each checkpoint is a
// database write competing with the replies themselves: at 64 tokens a typical 130-token chat
// reply paid two, at these bounds a reply shorter than a second pays none (decision 081).
export const defaultCheckpointPolicy: CheckpointPolicy = { everyTokens: 256, everyMs: 1000 };

export type Checkpointer = {
  /** Called per delta with the count so far; starts a write when one is due. */
  observe(completionTokens: number): void;
  /** Stops writing and waits for the write in flight, so nothing lands after the usage event. */
  close(): Promise<void>;
};

export function createCheckpointer(
  write: CheckpointWrite,
  policy: CheckpointPolicy = defaultCheckpointPolicy,
  onError: (error: unknown) => void = () => {},
): Checkpointer {
  let lastTokens = 0;
  let lastAt = Date.now();
  let inFlight: Promise<void> | null = null;
  let pending: number | null = null;
  let closed = false;

  const start = (tokens: number) => {
    inFlight = write(tokens)
      .catch(onError)
      .then(() => {
        inFlight = null;
        if (pending !== null && !closed) {
          const next = pending;
          pending = null;
          start(next);
        }
      });
  };

  return {
    observe(completionTokens) {
      if (closed) return;
      const now = Date.now();
      if (completionTokens - lastTokens < policy.everyTokens && now - lastAt < policy.everyMs) return;
      lastTokens = completionTokens;
      lastAt = now;
      if (inFlight) pending = completionTokens;
      else start(completionTokens);
    },
    async close() {
      closed = true;
      pending = null;
      while (inFlight) await inFlight;
    },
  };
}
