import type { JobLogger } from "./job";

const levels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof levels)[number];

/** Plain lines on stdout/stderr; the start command adds the `[worker]` tag. */
export function createLogger(minimum: LogLevel, scope?: string): JobLogger {
  const threshold = levels.indexOf(minimum);
  const write = (level: LogLevel, message: string) => {
    if (levels.indexOf(level) < threshold) return;
    const line = `${level.padEnd(5)} ${scope ? `${scope}: ` : ""}${message}`;
    if (level === "error" || level === "warn") console.error(line);
    else console.log(line);
  };
  return {
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m) => write("error", m),
  };
}
