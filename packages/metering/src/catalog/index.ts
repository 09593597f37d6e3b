import { UnknownModelError } from "../errors";
import type { Catalog, ModelSpec } from "./types";
import { catalogV2026_11 } from "./v2026-11";

/** The edition new usage is costed with. Older editions stay importable for explaining old events. */
export const currentCatalog: Catalog = catalogV2026_11;
export const CATALOG_VERSION = currentCatalog.version;

const byId = new Map(currentCatalog.models.map((m) => [m.id, m]));

/** The model's spec; throws UnknownModelError (code `model_not_found`) for ids not in the catalog. */
export function getModel(id: string): ModelSpec {
  const model = byId.get(id);
  if (!model) throw new UnknownModelError(id);
  return model;
}

export function isKnownModel(id: string): boolean {
  return byId.has(id);
}

export function listModels(): readonly ModelSpec[] {
  return currentCatalog.models;
}

/** Accepts an id or an already resolved spec, so hot paths can resolve once and pass the spec on. */
export function resolveModel(model: string | ModelSpec): ModelSpec {
  return typeof model === "string" ? getModel(model) : model;
}
