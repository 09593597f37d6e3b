import type { Readable } from "node:stream";
import { createInterface } from "node:readline";

const colors: Record<string, number> = { stack: 32, web: 36, admin: 35, worker: 33 };
const useColor = Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env);

/** `[web]` in the app's own color when writing to a terminal, plain in logs and CI. */
export function tag(name: string): string {
  const label = `[${name}]`.padEnd(9);
  return useColor ? `\u001b[${colors[name] ?? 37}m${label}\u001b[0m` : label;
}

export type LineSink = (name: string, line: string) => void;

export const printLine: LineSink = (name, line) => {
  process.stdout.write(`${tag(name)}${line}\n`);
};

/** Feeds a child's stream to the sink line by line, so interleaved output stays readable. */
export function pipeLines(name: string, stream: Readable | null, sink: LineSink): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => sink(name, line));
}
