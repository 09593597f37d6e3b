import { describe, expect, it } from "vitest";
import { UnknownModelError } from "../errors";
import { assertValidRate } from "../rates";
import { CATALOG_VERSION, getModel, isKnownModel, listModels } from "./index";

describe("model catalog", () => {
  it("has every supported model with its encoding", () => {
    const o200k = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "o3", "o4-mini", "meterkit-demo"];
    for (const id of o200k) expect(getModel(id).encoding).toBe("o200k_base");
    for (const id of ["gpt-4", "gpt-3.5-turbo"]) expect(getModel(id).encoding).toBe("cl100k_base");
  });

  it("keeps limits and default rates coherent", () => {
    for (const model of listModels()) {
      expect(model.catalogVersion).toBe(CATALOG_VERSION);
      expect(model.maxOutputTokens).toBeLessThanOrEqual(model.contextWindow);
      expect(model.maxInputTokens).toBeLessThanOrEqual(model.contextWindow);
      const rate = model.defaultRate;
      expect(() => assertValidRate(rate)).not.toThrow();
      expect(rate.inputMicrosPerMTok).toBeLessThan(rate.outputMicrosPerMTok);
      expect(rate.cachedInputMicrosPerMTok).toBeLessThanOrEqual(rate.inputMicrosPerMTok);
    }
  });

  it("throws a typed model_not_found error for unknown ids", () => {
    expect(isKnownModel("gpt-4o")).toBe(true);
    expect(isKnownModel("gpt-4o-2024-08-06")).toBe(false);
    try {
      getModel("not-a-model");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownModelError);
      expect((error as UnknownModelError).code).toBe("model_not_found");
      expect((error as UnknownModelError).param).toBe("model");
    }
  });

  it("rejects a plan rate whose cached price is above the input price", () => {
    expect(() => assertValidRate({ version: 2, inputMicrosPerMTok: 10, cachedInputMicrosPerMTok: 20, outputMicrosPerMTok: 30 })).toThrow(
      /cachedInputMicrosPerMTok/,
    );
  });
});
