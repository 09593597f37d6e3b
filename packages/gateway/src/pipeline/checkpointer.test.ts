import { describe, expect, it } from "vitest";
import { createCheckpointer } from "./checkpointer";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createCheckpointer", () => {
  it("writes every N tokens, one write at a time, folding what came due meanwhile into the newest count", async () => {
    const written: number[] = [];
    let release!: () => void;
    const write = (tokens: number) => {
      written.push(tokens);
      return new Promise<void>((resolve) => (release = resolve));
    };
    const checkpointer = createCheckpointer(write, { everyTokens: 10, everyMs: 1e9, idleMs: 1e9 });
    for (let tokens = 1; tokens <= 35; tokens++) checkpointer.observe(tokens);
    // 10 is in flight; 20 and 30 came due during it and fold into one write of 30.
    expect(written).toEqual([10]);
    release();
    await pause(0);
    expect(written).toEqual([10, 30]);
    release();
    await checkpointer.close();
    checkpointer.observe(100);
    expect(written).toEqual([10, 30]);
  });

  it("rewrites the checkpoint of a stream that goes quiet, so the worker never takes it for dead", async () => {
    const written: number[] = [];
    const checkpointer = createCheckpointer(async (tokens) => void written.push(tokens), { everyTokens: 1_000, everyMs: 1e9, idleMs: 20 });
    checkpointer.observe(7);
    await pause(100);
    // No token came due, yet the count was rewritten while the stream stayed quiet.
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.every((tokens) => tokens === 7)).toBe(true);
    await checkpointer.close();
    const afterClose = written.length;
    await pause(60);
    expect(written).toHaveLength(afterClose);
  });
});
