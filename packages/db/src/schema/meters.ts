import type { Insertable, Selectable, Updateable } from "kysely";
import type { CreatedAt, Id } from "./columns.js";

export const tokenClasses = ["input", "cached_input", "output"] as const;
/** Reasoning tokens are billed on the output meter: OpenAI counts them inside completion tokens. */
export type TokenClass = (typeof tokenClasses)[number];

/** One Stripe billing meter per (model, token class); plans share meters. */
export interface MetersTable {
  id: Id;
  model: string;
  token_class: TokenClass;
  /** Stable slug, unique, `[a-z0-9_]+`, e.g. `mk_gpt_4o_mini_input`. */
  event_name: string;
  stripe_meter_id: string | null;
  created_at: CreatedAt;
}

export type Meter = Selectable<MetersTable>;
export type NewMeter = Insertable<MetersTable>;
export type MeterUpdate = Updateable<MetersTable>;
