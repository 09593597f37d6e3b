import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { emptyData, type StoreData } from "./store";

const FORMAT_VERSION = 1;

/**
 * Saves the emulator state as one JSON file. Writes are debounced (a burst of meter events costs
 * one write) and atomic (temp file + rename), so a crash mid-write never leaves a torn file.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;

  constructor(
    readonly path: string,
    private readonly read: () => StoreData,
    private readonly debounceMs = 250,
  ) {}

  load(): StoreData | undefined {
    if (!existsSync(this.path)) return undefined;
    const parsed = JSON.parse(readFileSync(this.path, "utf8")) as { version?: number; data?: Partial<StoreData> };
    if (parsed.version !== FORMAT_VERSION || !parsed.data) {
      throw new Error(`${this.path}: not a stripe-emulator state file (version ${String(parsed.version)})`);
    }
    // Fill in collections added after the file was written.
    return { ...emptyData(), ...parsed.data };
  }

  schedule(): void {
    if (this.timer) return;
    // A large state (say 100k meter events in a benchmark) takes a while to serialize; spacing
    // writes at 10× the last write's cost keeps persistence under ~10% of the process's time.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, Math.max(this.debounceMs, this.lastWriteMs * 10));
    this.timer.unref();
  }

  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writeNow();
  }

  private writeNow(): void {
    const started = performance.now();
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: FORMAT_VERSION, savedAt: new Date().toISOString(), data: this.read() }));
    renameSync(tmp, this.path);
    this.lastWriteMs = performance.now() - started;
  }
}
