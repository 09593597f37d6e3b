import { z } from "zod";

const rate = z.number().min(0).max(1);

/** Faults injected in front of the Stripe API routes (not the `/_emulator` hooks or hosted pages). */
export const faultConfigSchema = z
  .object({
    /** Share of requests answered 429 `rate_limit`. */
    rate429: rate.optional(),
    /** Leave out `Stripe-Should-Retry: true` on those 429s (the SDK then does not retry them). */
    rate429NoRetryHeader: z.boolean().optional(),
    /** Share of requests answered with a 5xx `api_error`. */
    rate5xx: rate.optional(),
    status5xx: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    /** Delay added before every matching request is handled. */
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    /** Share of requests whose connection is dropped before anything is stored. */
    resetBeforeStore: rate.optional(),
    /** Share of requests whose connection is dropped after the request took effect (Stripe got it, the client never heard). */
    resetAfterStore: rate.optional(),
    /** Path prefixes the faults apply to; all API paths when absent. */
    paths: z.array(z.string().startsWith("/")).optional(),
    /** Makes the fault sequence reproducible. */
    seed: z.number().int().optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export interface FaultDecision {
  latencyMs: number;
  resetBefore: boolean;
  status429: boolean;
  status5xx: number | null;
  resetAfter: boolean;
}

const NONE: FaultDecision = { latencyMs: 0, resetBefore: false, status429: false, status5xx: null, resetAfter: false };

/** Small seeded PRNG (mulberry32), so a seeded fault run repeats exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private config: FaultConfig = {};
  private random: () => number = Math.random;

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = faultConfigSchema.parse(config);
    this.random = this.config.seed === undefined ? Math.random : seeded(this.config.seed);
  }

  clear(): void {
    this.set({});
  }

  /** Draws the faults for one request; every rate is rolled independently. */
  decide(path: string): FaultDecision {
    const c = this.config;
    if (c.paths && !c.paths.some((p) => path.startsWith(p))) return NONE;
    const roll = (p: number | undefined) => p !== undefined && p > 0 && this.random() < p;
    return {
      latencyMs: c.latencyMs ?? 0,
      resetBefore: roll(c.resetBeforeStore),
      status429: roll(c.rate429),
      status5xx: roll(c.rate5xx) ? (c.status5xx ?? 500) : null,
      resetAfter: roll(c.resetAfterStore),
    };
  }
}
