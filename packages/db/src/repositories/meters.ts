import type { Meter, TokenClass } from "../schema/index.js";
import type { Executor } from "./executor.js";

/**
 * The stable Stripe event name of a (model, token class) meter, e.g.
 * ("gpt-4o-mini", "input") -> "mk_gpt_4o_mini_input". Never change it for an existing meter:
 * Stripe meters are keyed by it.
 */
export function meterEventName(model: string, tokenClass: TokenClass): string {
  const slug = model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `mk_${slug}_${tokenClass}`;
}

export async function listMeters(db: Executor): Promise<Meter[]> {
  return db.selectFrom("meters").selectAll().orderBy("model").orderBy("token_class").execute();
}

export async function getMeterByEventName(db: Executor, eventName: string): Promise<Meter | undefined> {
  return db.selectFrom("meters").selectAll().where("event_name", "=", eventName).executeTakeFirst();
}

export async function getMeterFor(db: Executor, model: string, tokenClass: TokenClass): Promise<Meter | undefined> {
  return db
    .selectFrom("meters")
    .selectAll()
    .where("model", "=", model)
    .where("token_class", "=", tokenClass)
    .executeTakeFirst();
}

/** Creates the meter if missing (by event name) and returns it; safe to call concurrently. */
export async function ensureMeter(db: Executor, model: string, tokenClass: TokenClass): Promise<Meter> {
  const event_name = meterEventName(model, tokenClass);
  await db
    .insertInto("meters")
    .values({ model, token_class: tokenClass, event_name })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const meter = await getMeterFor(db, model, tokenClass);
  if (!meter) throw new Error(`meter ${event_name} missing after insert`);
  return meter;
}
