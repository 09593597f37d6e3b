#!/usr/bin/env node
// Bootstrap for `npm start`, `npm test` and `npm bench` on a fresh machine with only Node 20+.
// Plain Node ESM with no dependencies: it runs before anything is installed.
//
// 1. Makes pnpm (the version pinned in package.json's packageManager) available through corepack,
//    with its shims in <repo>/.tooling-bin, and puts that folder first on PATH (turbo looks pnpm up there).
// 2. Installs the workspace when node_modules is missing or older than the lockfile.
// 3. Runs the requested command, forwarding signals and the exit code.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const toolingBin = join(root, ".tooling-bin");
const command = process.argv[2] ?? "start";
const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

const commands = {
  // The stack runner is TypeScript; `node --import tsx` keeps a single process between us and it,
  // so signals and the exit code pass straight through.
  start: [["node", "--import", "tsx", "tooling/scripts/stack.ts"]],
  test: [
    ["pnpm", "exec", "turbo", "run", "test", "--concurrency=1", "--continue", "--env-mode=loose", "--filter=!@meterkit/e2e"],
    ["pnpm", "--filter", "@meterkit/e2e", "test"],
  ],
  // `pnpm bench gateway` runs one benchmark: the name is passed on.
  bench: [["pnpm", "--filter", "@meterkit/bench", "bench", ...process.argv.slice(3)]],
};

if (!(command in commands)) {
  console.error(`usage: node tooling/scripts/run.mjs <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}

const env = {
  ...process.env,
  PATH: [toolingBin, process.env.PATH ?? ""].join(delimiter),
  COREPACK_ENABLE_DOWNLOAD_PROMPT: "0",
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};

// Node 20 bundles corepack 0.34, which only knows the npm registry's old signing keys and so
// rejects pnpm 12's signature. With that corepack we skip the key check (the tarball still comes
// from the npm registry over TLS and its integrity hash is still compared); a newer corepack
// found on PATH verifies signatures as usual.
const corepackVersion = capture("corepack", ["--version"]);
if (!corepackVersion) fail("corepack was not found; it ships with Node 20+ (https://nodejs.org).");
const [major = 0, minor = 0] = corepackVersion.split(".").map(Number);
if (major === 0 && minor <= 34 && env.COREPACK_INTEGRITY_KEYS === undefined) env.COREPACK_INTEGRITY_KEYS = "0";

if (!existsSync(join(toolingBin, "pnpm"))) {
  mkdirSync(toolingBin, { recursive: true }); // corepack does not create it
  run(["corepack", "enable", "--install-directory", toolingBin, "pnpm"], "enabling pnpm through corepack");
}

const lockfile = join(root, "pnpm-lock.yaml");
const modulesMarker = join(root, "node_modules", ".modules.yaml");
if (!existsSync(modulesMarker) || statSync(lockfile).mtimeMs > statSync(modulesMarker).mtimeMs) {
  run(["pnpm", "install", "--frozen-lockfile"], "installing dependencies");
}

for (const step of commands[command]) {
  const code = await runForwardingSignals(step);
  if (code !== 0) process.exit(code);
}

function capture(cmd, args) {
  const result = spawnSync(cmd, args, { env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function run([cmd, ...args], what) {
  console.log(`> ${what}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status ?? result.signal}).`);
}

/**
 * Runs one step to completion and returns its exit code. The long-running stack gets its own
 * process group, so a Ctrl-C in the terminal reaches only us and we pass it on exactly once (the
 * stack then stops its apps, emulators and database in order); the IPC channel lets the stack
 * notice if we die without a signal. Other steps share our group, as any command would.
 */
function runForwardingSignals([cmd, ...args]) {
  const ownGroup = command === "start";
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env,
      stdio: ownGroup ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
      detached: ownGroup,
    });
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, forward);
    child.on("error", (error) => fail(`could not start ${cmd}: ${error.message}`));
    child.on("exit", (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signalNumbers[signal] ?? 1));
    });
  });
}

function fail(message) {
  console.error(`\nmeterkit: ${message}`);
  process.exit(1);
}
