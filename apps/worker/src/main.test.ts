import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const workerDir = fileURLToPath(new URL("..", import.meta.url));

describe("worker process", () => {
  it("exits 0 on SIGTERM after stopping its loop and closing the pool", async () => {
    // The database is unreachable on purpose: a failing job must be logged, never stop the loop,
    // and shutdown must still be clean.
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: workerDir,
      env: { PATH: process.env.PATH, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", WORKER_TICK_MS: "50" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const ready = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("no jobs registered") || output.includes("running ")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
    });
    await ready;
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    // Idle: "SIGTERM: stopping"; mid-job: "SIGTERM: letting <job> finish".
    expect(output).toMatch(/SIGTERM: (stopping|letting \S+ finish)/);
    expect(output).toContain("stopped");
  }, 30_000);
});
