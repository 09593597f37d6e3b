import { PREPARED, type Db } from "@meterkit/db";
import { sql } from "kysely";
import type { RateLimits, RateLimitState } from "./rate-limit";

/** What one process may take at once for a caller (migration 0130 decides the actual share). */
export type LeasePolicy = {
  /** A caller's first lease asks for this many requests; each one used up in time asks for twice as many. */
  firstRequests: number;
  /** At most this many requests per lease. */
  maxRequests: number;
  /** At most this share of what is free (rate limit and spend headroom), 0..1. */
  share: number;
  /** A lease hands out requests for this long at most, then gives back what is left. */
  activeMs: number;
};

/**
 * A lease's reservation expires this long after the last sign of life of its process: the
 * admission that took it, or a checkpoint of a request it admitted (checkpoint-batch.ts moves
 * the expiry on). A live request writes one at least every minute (the checkpointer's idle
 * rewrite), and the worker takes a request whose checkpoint is untouched for 2 minutes for a
 * dead one; a lease lives by the same rule. A process that dies thus frees its leases' money
 * about 2 minutes later, not after the 15 minutes a single request's reservation has (that one
 * is settled when the worker recovers the request's checkpoint, also after 2 minutes).
 */
export const LEASE_KEEPALIVE_MS = 120_000;

export const defaultLeasePolicy: LeasePolicy = { firstRequests: 4, maxRequests: 64, share: 0.1, activeMs: 2_000 };

/**
 * Whose budget a lease is: one API key (or user) of one customer, under one spending limit and
 * one pair of rate limits. A plan change (a new cap or new limits, learned from the change
 * notice that drops the cached account) therefore makes a new scope: the next request asks
 * Postgres under the new limits instead of finishing the old lease, which goes back unused.
 */
export type LeaseScope = {
  rateLimitKey: string;
  customerId: string;
  spendLimitMicros: number | null;
  periodStart: Date;
  rateLimits: RateLimits;
};

/** A lease as migration 0130's take_admission_lease granted it, before this request took its share. */
export type GrantedLease = {
  reservationId: string | null;
  windowStart: Date;
  requests: number;
  tokens: number;
  micros: number;
  /** Rate-limit state right after the lease was counted (what the headers start from). */
  rateLimit: RateLimitState;
  /** Spent plus held (this lease included) when it was granted. */
  committedMicros: number;
};

/** What one request takes from a lease. */
export type LeaseNeed = { tokens: number; worstCaseMicros: number };

/** A request admitted from a lease: what its reply and its settlement need. */
export type LeasedAdmission = {
  /** The lease's reservation, which this request's worst case comes off when it settles. */
  reservationId: string | null;
  rateLimit: RateLimitState;
  committedMicros: number;
};

type Lease = GrantedLease & {
  /** Requests granted in all, this one's first taker included. */
  granted: number;
  scopeId: string;
  rateLimitKey: string;
  until: number;
  timer: NodeJS.Timeout;
};

const WINDOW_MS = 60_000;

/**
 * The leases of one process (decision 116): for each caller with one, what is left of it. A
 * request that fits in what is left is admitted here, with no round trip; one that does not
 * fit, or comes after the lease's minute or active time, retires the lease (its unused part goes
 * back to Postgres) and asks Postgres, which may grant a new one.
 */
export class AdmissionLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly returns = new Set<Promise<void>>();
  /** Admission statements in flight, one per scope at a time: later requests wait for its lease. */
  private readonly asking = new Map<string, Promise<void>>();
  /** How many requests the next lease of a busy caller asks for, and until when that holds. */
  private readonly sizes = new Map<string, { requests: number; until: number }>();

  constructor(
    private readonly db: Db,
    readonly policy: LeasePolicy = defaultLeasePolicy,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /**
   * Takes a request's share from the caller's lease; when none fits but an admission of the same
   * caller is on its way to Postgres, waits for the lease it may bring. Null: ask Postgres.
   */
  async takeOrWait(scope: LeaseScope, need: LeaseNeed): Promise<LeasedAdmission | null> {
    const id = scopeId(scope);
    let leased = this.take(scope, need);
    for (let pending = this.asking.get(id); !leased && pending; pending = this.asking.get(id)) {
      await pending;
      leased = this.take(scope, need);
    }
    return leased;
  }

  /**
   * Marks an admission statement of this caller as in flight; call the returned function once
   * its lease (if any) is kept, or it failed. Returns how many requests that lease may ask for.
   */
  asked(scope: LeaseScope, now = Date.now()): { requests: number; done: () => void } {
    const id = scopeId(scope);
    let done!: () => void;
    const pending = new Promise<void>((resolve) => (done = resolve));
    this.asking.set(id, pending);
    const size = this.sizes.get(id);
    return {
      requests: size && now < size.until ? size.requests : this.policy.firstRequests,
      done: () => {
        if (this.asking.get(id) === pending) this.asking.delete(id);
        done();
      },
    };
  }

  /** Takes one request's share from the caller's lease, or returns null when it does not fit. */
  take(scope: LeaseScope, need: LeaseNeed, now = Date.now()): LeasedAdmission | null {
    const id = scopeId(scope);
    const lease = this.leases.get(id);
    if (!lease) return null;
    const current = now < lease.until && now - (now % WINDOW_MS) === lease.windowStart.getTime();
    const fits =
      current &&
      lease.requests >= 1 &&
      lease.tokens >= need.tokens &&
      (lease.reservationId === null || lease.micros >= need.worstCaseMicros);
    if (!fits) {
      // Used up while still current: the caller is busy, so its next lease asks for more.
      if (current) this.grow(id, lease, now);
      this.retire(lease);
      return null;
    }
    lease.requests -= 1;
    lease.tokens -= need.tokens;
    if (lease.reservationId !== null) lease.micros -= need.worstCaseMicros;
    return admittedFrom(lease, now);
  }

  /**
   * Keeps a lease that Postgres just granted (the granting request's share already taken off),
   * and returns that request's admission from it.
   */
  keep(scope: LeaseScope, granted: GrantedLease, now = Date.now()): LeasedAdmission {
    const id = scopeId(scope);
    const previous = this.leases.get(id);
    if (previous) this.retire(previous);
    const until = now + this.policy.activeMs;
    const lease: Lease = {
      ...granted,
      granted: granted.requests + 1,
      scopeId: id,
      rateLimitKey: scope.rateLimitKey,
      until,
      // unref: a lease never keeps a process alive; close() gives them back on shutdown.
      timer: setTimeout(() => this.leases.get(id) === lease && this.retire(lease), this.policy.activeMs).unref(),
    };
    this.leases.set(id, lease);
    return admittedFrom(lease, now);
  }

  /** Gives every lease back and waits for Postgres to have it: call on shutdown. */
  async close(): Promise<void> {
    for (const lease of [...this.leases.values()]) this.retire(lease);
    await Promise.all(this.returns);
  }

  /** How many leases this process holds (for tests and diagnostics). */
  get size(): number {
    return this.leases.size;
  }

  private grow(id: string, lease: Lease, now: number): void {
    // Bounded: a process serving very many keys at once forgets the sizes rather than grow.
    if (this.sizes.size >= 10_000) this.sizes.clear();
    const requests = Math.min(this.policy.maxRequests, Math.max(this.policy.firstRequests, lease.granted * 2));
    this.sizes.set(id, { requests, until: now + this.policy.activeMs });
  }

  private retire(lease: Lease): void {
    clearTimeout(lease.timer);
    this.leases.delete(lease.scopeId);
    const unused = { requests: lease.requests, tokens: lease.tokens, micros: lease.reservationId === null ? 0 : lease.micros };
    // A lease without money that was used up has nothing to give back.
    if (lease.reservationId === null && unused.requests === 0 && unused.tokens === 0) return;
    const returning = giveBack(this.db, lease, unused)
      .catch(this.onError)
      .finally(() => this.returns.delete(returning));
    this.returns.add(returning);
  }
}

/**
 * One statement: the unused requests and tokens leave the lease's bucket, and the unused money
 * leaves its reservation, which is settled if nothing of it is still in flight. A lease given
 * back is never handed out again, so a concurrent settlement can only bring it closer to zero.
 */
async function giveBack(db: Db, lease: Lease, unused: { requests: number; tokens: number; micros: number }): Promise<void> {
  await sql`${sql.raw(PREPARED)}
    WITH returned AS (
      UPDATE reservations SET
        amount_micros = greatest(amount_micros - ${unused.micros}::bigint, 0),
        returned_at = now(),
        status = CASE WHEN amount_micros <= ${unused.micros}::bigint THEN 'settled' ELSE status END,
        settled_at = CASE WHEN amount_micros <= ${unused.micros}::bigint THEN now() ELSE settled_at END
      WHERE id = ${lease.reservationId}::uuid AND status = 'held'
    )
    UPDATE rate_limit_buckets SET
      requests = greatest(requests - ${unused.requests}::integer, 0),
      tokens = greatest(tokens - ${unused.tokens}::bigint, 0)
    WHERE key = ${lease.rateLimitKey} AND window_start = ${lease.windowStart}::timestamptz
  `.execute(db);
}

function admittedFrom(lease: Lease, now: number): LeasedAdmission {
  return {
    reservationId: lease.reservationId,
    rateLimit: {
      ...lease.rateLimit,
      // Exact while this process is the caller's only one: what Postgres had left, plus what
      // the lease still holds back for later requests.
      remainingRequests: lease.rateLimit.remainingRequests + lease.requests,
      remainingTokens: lease.rateLimit.remainingTokens + lease.tokens,
      resetMs: lease.windowStart.getTime() + WINDOW_MS - now,
    },
    committedMicros: lease.committedMicros,
  };
}

function scopeId(scope: LeaseScope): string {
  const { rateLimitKey, customerId, spendLimitMicros, periodStart, rateLimits } = scope;
  return [rateLimitKey, customerId, spendLimitMicros ?? "", periodStart.getTime(), rateLimits.requestsPerMinute, rateLimits.tokensPerMinute].join("\u0000");
}
