import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, parseEnv } from "./parse-env.js";

const schema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.url(),
});

describe("parseEnv", () => {
  it("applies defaults and coerces", () => {
    expect(parseEnv("t", schema, { DATABASE_URL: "postgres://x/y" })).toEqual({ PORT: 3000, DATABASE_URL: "postgres://x/y" });
  });
  it("names every bad variable", () => {
    try {
      parseEnv("web", schema, { PORT: "-1", DATABASE_URL: "nope" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      expect((e as Error).message).toContain("PORT");
      expect((e as Error).message).toContain("DATABASE_URL");
    }
  });
  it("treats empty strings as unset", () => {
    expect(parseEnv("t", schema, { PORT: "", DATABASE_URL: "postgres://x/y" }).PORT).toBe(3000);
  });
});
