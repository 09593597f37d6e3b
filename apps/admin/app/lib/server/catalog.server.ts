import { listModels } from "@meterkit/metering";
import type { CatalogModel } from "~/components/plans/rate-rows";
import { microsToDollarInput } from "../money";

/** The model catalog's list prices, offered as a starting point when adding a model to a plan. */
export function catalogModels(): CatalogModel[] {
  return listModels().map((m) => ({
    id: m.id,
    input: microsToDollarInput(m.defaultRate.inputMicrosPerMTok),
    cachedInput: microsToDollarInput(m.defaultRate.cachedInputMicrosPerMTok),
    output: microsToDollarInput(m.defaultRate.outputMicrosPerMTok),
  }));
}
