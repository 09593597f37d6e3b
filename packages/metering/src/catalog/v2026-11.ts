import type { Catalog, EncodingName, ModelSpec } from "./types";

/**
 * Model catalog, November 2026 edition. Frozen once published: a price or limit change is a new
 * file (v2027-xx.ts) so usage events costed with this edition stay explainable.
 * Rates are the provider's list prices per 1M tokens in micros (USD); plans override them.
 */
export const CATALOG_V2026_11_VERSION = "2026-11";

type Row = [
  id: string,
  encoding: EncodingName,
  contextWindow: number,
  maxInputTokens: number,
  maxOutputTokens: number,
  input: number,
  cachedInput: number,
  output: number,
];

// prettier-ignore
const rows: Row[] = [
  //  id               encoding        window     max input  max output  input       cached     output
  ["gpt-5",          "o200k_base",     400_000,   272_000,   128_000,  1_250_000,    125_000, 10_000_000],
  ["gpt-5-mini",     "o200k_base",     400_000,   272_000,   128_000,    250_000,     25_000,  2_000_000],
  ["gpt-4.1",        "o200k_base",   1_047_576, 1_047_576,    32_768,  2_000_000,    500_000,  8_000_000],
  ["gpt-4.1-mini",   "o200k_base",   1_047_576, 1_047_576,    32_768,    400_000,    100_000,  1_600_000],
  ["gpt-4o",         "o200k_base",     128_000,   128_000,    16_384,  2_500_000,  1_250_000, 10_000_000],
  ["gpt-4o-mini",    "o200k_base",     128_000,   128_000,    16_384,    150_000,     75_000,    600_000],
  ["o3",             "o200k_base",     200_000,   200_000,   100_000,  2_000_000,    500_000,  8_000_000],
  ["o4-mini",        "o200k_base",     200_000,   200_000,   100_000,  1_100_000,    275_000,  4_400_000],
  // No prompt caching on these two: a cached token costs what an uncached one does.
  ["gpt-4",          "cl100k_base",      8_192,     8_192,     8_192, 30_000_000, 30_000_000, 60_000_000],
  ["gpt-3.5-turbo",  "cl100k_base",     16_385,    16_385,     4_096,    500_000,    500_000,  1_500_000],
  // The local demo model served by @meterkit/llm; small window so truncation is easy to try.
  ["meterkit-demo",  "o200k_base",      16_384,    16_384,     4_096,  1_000_000,    250_000,  4_000_000],
];

function toSpec([id, encoding, contextWindow, maxInputTokens, maxOutputTokens, input, cached, output]: Row): ModelSpec {
  return {
    id,
    encoding,
    contextWindow,
    maxInputTokens,
    maxOutputTokens,
    defaultRate: { version: 0, inputMicrosPerMTok: input, cachedInputMicrosPerMTok: cached, outputMicrosPerMTok: output },
    catalogVersion: CATALOG_V2026_11_VERSION,
  };
}

export const catalogV2026_11: Catalog = { version: CATALOG_V2026_11_VERSION, models: rows.map(toSpec) };
