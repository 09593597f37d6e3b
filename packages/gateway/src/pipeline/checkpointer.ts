/**
 * Writes the running count of a stream every N tokens or T ms without ever making the stream
 * wait: `observe` is synchronous and cheap, at most one write is in flight, and a write that
 * comes due while one is running is folded into a single follow-up carrying the newest count.
 * A crash therefore loses at most one interval of tokens (the worker turns the last checkpoint
 * into an aborted usage event; admission writes the first one, with the prompt).
 *
 * A stream that produces nothing for a while (a model thinking before its first token, a stall)
 * is still alive: the checkpoint is rewritten every `idleMs` even without new tokens, so the
 * worker, which recovers checkpoints untouched for 120 s, never takes a live request for a dead
 * one. A recovered live request would be billed as aborted and its real usage event refused.
 */
export type CheckpointWrite = (completionTokens: number) => Promise<void>;

export type CheckpointPolicy = { everyTokens: number; everyMs: number; idleMs?: number };

// A crash loses at most 1 s of output, or 256 tokens of a faster model. Each checkpoint is a
// database write competing with the replies themselves: at 64 tokens a typical 130-token chat
// reply paid two, at these bounds a reply shorter than a second pays none (decision 081).
// A reply shorter than idleMs never pays for the idle rewrite.
export const defaultCheckpointPolicy: CheckpointPolicy = { everyTokens: 256, everyMs: 1000, idleMs: 30_000 };

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
  /** Drops a write still waiting to be sent (checkpoint-batch.ts), so close() need not wait for it. */
  withdraw: () => void = () => {},
): Checkpointer {
  let lastTokens = 0;
  let lastAt = Date.now();
  let inFlight: Promise<void> | null = null;
  let pending: number | null = null;
  let closed = false;
  let latest = 0;

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

  const idleMs = policy.idleMs ?? defaultCheckpointPolicy.idleMs!;
  const idle = setInterval(() => {
    if (closed || inFlight || Date.now() - lastAt < idleMs) return;
    lastTokens = latest;
    lastAt = Date.now();
    start(latest);
  }, idleMs);
  idle.unref();

  return {
    observe(completionTokens) {
      if (closed) return;
      latest = completionTokens;
      const now = Date.now();
      if (completionTokens - lastTokens < policy.everyTokens && now - lastAt < policy.everyMs) return;
      lastTokens = completionTokens;
      lastAt = now;
      if (inFlight) pending = completionTokens;
      else start(completionTokens);
    },
    async close() {
      closed = true;
      clearInterval(idle);
      pending = null;
      withdraw();
      while (inFlight) await inFlight;
    },
  };
}
