import { describe, expect, it } from "vitest";
import { formatMicros, microsToDollarInput, parseDollarsToMicros } from "./money";

describe("parseDollarsToMicros", () => {
  it("converts dollar strings exactly, where float multiplication would not", () => {
    expect(1.005 * 1_000_000).not.toBe(1_005_000); // why the parser uses string math
    expect(parseDollarsToMicros("1.005")).toEqual({ ok: true, micros: 1_005_000 });
    expect(parseDollarsToMicros("0.15")).toEqual({ ok: true, micros: 150_000 });
    expect(parseDollarsToMicros("$2,500")).toEqual({ ok: true, micros: 2_500_000_000 });
    expect(parseDollarsToMicros(".5")).toEqual({ ok: true, micros: 500_000 });
    expect(parseDollarsToMicros("3.")).toEqual({ ok: true, micros: 3_000_000 });
    expect(parseDollarsToMicros("0.000001")).toEqual({ ok: true, micros: 1 });
    expect(parseDollarsToMicros("007.10")).toEqual({ ok: true, micros: 7_100_000 });
    expect(parseDollarsToMicros("0")).toEqual({ ok: true, micros: 0 });
  });

  it("refuses what is not a plain non-negative amount, saying why", () => {
    for (const bad of ["", " ", "-1", "1e3", "abc", "1.2.3", ".", "$"]) {
      expect(parseDollarsToMicros(bad).ok, bad).toBe(false);
    }
    expect(parseDollarsToMicros("0.0000001")).toMatchObject({ ok: false, error: expect.stringContaining("six decimals") });
    expect(parseDollarsToMicros("1000000.000001")).toMatchObject({ ok: false, error: expect.stringContaining("larger") });
    expect(parseDollarsToMicros("1000000")).toEqual({ ok: true, micros: 1_000_000_000_000 });
  });

  it("round-trips with microsToDollarInput for every micro amount", () => {
    // Edges plus a deterministic spread across every magnitude (no dependency on a random seed).
    const samples = [0, 1, 9, 10, 99, 100, 999_999, 1_000_000, 1_000_001, 1_000_000_000_000];
    for (let micros = 7; micros < 1_000_000_000_000; micros = micros * 3 + 11) samples.push(micros);
    for (const micros of samples) {
      expect(parseDollarsToMicros(microsToDollarInput(micros)), String(micros)).toEqual({ ok: true, micros });
    }
  });
});

describe("formatting", () => {
  it("shows at least cents and never loses a micro", () => {
    expect(microsToDollarInput(150_000)).toBe("0.15");
    expect(microsToDollarInput(75_000)).toBe("0.075");
    expect(microsToDollarInput(2_500_000)).toBe("2.50");
    expect(formatMicros(1_234_500_000)).toBe("$1,234.50");
    expect(formatMicros(-3_000_000)).toBe("-$3.00");
    expect(formatMicros(1)).toBe("$0.000001");
  });
});
