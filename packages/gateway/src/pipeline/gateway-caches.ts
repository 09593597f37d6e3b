import type { CacheChange, Db } from "@meterkit/db";
import { createHash } from "node:crypto";
import { findRate, loadAccount, type Account, type PlanRate } from "./account";
import type { Lookups } from "./lookups";
import { TtlCache } from "./ttl-cache";

export type VerifiedKey = { id: string; customerId: string };
/** The API key behind a bearer token, or null when it is unknown, malformed or revoked. */
export type Authenticate = (rawKey: string) => Promise<VerifiedKey | null>;

/**
 * The lookups every request repeats (API key → customer, customer → account and plan, plan +
 * model → rate), remembered for `ttlMs` (decision 082) and forgotten at once when Postgres
 * announces a change (`apply`, fed by listenForCacheChanges; decision 111). One instance per
 * process, shared by /v1 and the chat UI so both see a change at the same moment.
 */
export class GatewayCaches {
  private readonly keys: TtlCache<VerifiedKey | null>;
  private readonly accounts: TtlCache<Account | null>;
  private readonly rates: TtlCache<PlanRate | null>;
  readonly lookups: Lookups;

  constructor(db: Db, ttlMs: number) {
    this.keys = new TtlCache(ttlMs);
    this.accounts = new TtlCache(ttlMs);
    this.rates = new TtlCache(ttlMs);
    this.lookups = {
      account: (id) => this.accounts.get(id, () => loadAccount(db, id)),
      rate: (planId, model) => this.rates.get(`${planId}\u0000${model}`, () => findRate(db, planId, model)),
    };
  }

  /**
   * Keys that verified are remembered by the SHA-256 hex of the raw key, the hash api_keys
   * stores, so a revocation notice names the entry to drop; the raw key is never a map key.
   * Unknown and revoked keys are not remembered (TtlCache keeps no nulls).
   */
  authenticate(verify: Authenticate): Authenticate {
    return (raw) => this.keys.get(createHash("sha256").update(raw).digest("hex"), () => verify(raw));
  }

  apply(change: CacheChange): void {
    if (change.table === "api_keys") this.keys.delete(change.keyHash);
    else if (change.table === "customers") this.accounts.delete(change.id);
    else if (change.table === "plans") {
      // An account carries its plan, and a rate belongs to one: rare enough to drop them all.
      this.accounts.clear();
      this.rates.clear();
    }
  }

  /** Forgets everything: called when change notices may have been missed. */
  clear(): void {
    this.keys.clear();
    this.accounts.clear();
    this.rates.clear();
  }
}
