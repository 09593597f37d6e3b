import type { z } from "zod";

/** Thrown when the environment does not satisfy a package's schema; names every bad variable. */
export class EnvError extends Error {
  constructor(
    readonly scope: string,
    readonly problems: { variable: string; message: string }[],
  ) {
    super(
      `${scope}: invalid environment\n` +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n") +
        "\nSee .env.example for every variable and its default.",
    );
    this.name = "EnvError";
  }
}

/**
 * Validates a package's fragment of the environment once, at start-up.
 * Each package owns its schema; this is the only place that reads process.env.
 */
export function parseEnv<S extends z.ZodObject>(
  scope: string,
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    scope,
    result.error.issues.map((issue) => ({
      variable: issue.path.join(".") || "(root)",
      message: issue.message,
    })),
  );
}
