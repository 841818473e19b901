/**
 * Programs built from their crates on crates.io (what no registry here ships as a binary: youki), cached
 * outside the clone under a key of everything that went into them, so a second setup is a no-op. Progress
 * shows the crates compiled with elapsed time.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { CACHE_ROOT } from "./go-build.js";
import { log } from "./progress.js";

export interface CargoBuild {
  crate: string;
  version: string;
  noDefaultFeatures: boolean;
  features: readonly string[];
}

export interface CargoBuildResult {
  /** The built binary. */
  binary: string;
  key: string;
  cargoVersion: string;
  buildSeconds: number;
  cached: boolean;
}

/** `cargo --version`'s `cargo 1.x.y (...)`, or null when cargo is not installed. */
export async function cargoVersion(): Promise<string | null> {
  const r = await execa("cargo", ["--version"], { reject: false, timeout: 30_000 });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** Why: the cache key is every input (the crate, its version and features, the toolchain). */
export function cargoBuildKey(build: CargoBuild, cargo: string): string {
  return createHash("sha256")
    .update(JSON.stringify({ ...build, cargo }))
    .digest("hex")
    .slice(0, 12);
}

/** The `cargo install` command for one build into `root` (its binary lands in root/bin). */
export function cargoArgv(build: CargoBuild, root: string): string[] {
  return [
    "cargo",
    "install",
    build.crate,
    "--version",
    build.version,
    "--locked",
    ...(build.noDefaultFeatures ? ["--no-default-features"] : []),
    ...(build.features.length > 0 ? ["--features", build.features.join(",")] : []),
    "--root",
    root,
  ];
}

/** Why: a build of minutes must show it moves: crates compiled and the last one, every 20 s. */
async function runCargo(name: string, argv: readonly string[]): Promise<void> {
  const t0 = Date.now();
  let compiled = 0;
  let last = "";
  const tail: string[] = [];
  const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
  const tick = setInterval(() => {
    log(
      `  ${name}: ${compiled > 0 ? `compiling: ${compiled} crates, at ${last}` : "fetching crates"} (${elapsed()})`,
    );
  }, 20_000);
  const [file, ...args] = argv as [string, ...string[]];
  const child = execa(file, args, { all: true, reject: false, buffer: false });
  child.all?.setEncoding("utf8");
  let pending = "";
  child.all?.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const m = /^\s*Compiling (\S+ v\S+)/.exec(line);
      if (m) {
        compiled++;
        last = m[1] ?? "";
      }
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  });
  const result = await child.finally(() => clearInterval(tick));
  if (result.exitCode !== 0)
    throw new Error(`${argv.join(" ")} exited with ${result.exitCode} after ${elapsed()}:\n${tail.join("\n")}`);
  log(`  ${name}: built in ${elapsed()} (${compiled} crates compiled)`);
}

/** Builds (or finds in the cache) one crate's binary; the cache folder appears only when the build succeeded. */
export async function ensureCargoBuild(build: CargoBuild, binaryName: string): Promise<CargoBuildResult> {
  const cargo = await cargoVersion();
  if (!cargo) throw new Error(`cannot build ${build.crate}: no Rust toolchain (the cargo command is not on PATH)`);
  const key = cargoBuildKey(build, cargo);
  const dir = path.join(CACHE_ROOT, "cargo-builds", `${build.crate}-${build.version}-${key}`);
  const binary = path.join(dir, "bin", binaryName);
  if (existsSync(path.join(dir, ".built")) && existsSync(binary)) {
    log(`  ${build.crate} ${build.version}: cached (${path.basename(dir)}, ${cargo})`);
    return { binary, key, cargoVersion: cargo, buildSeconds: 0, cached: true };
  }
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const t0 = Date.now();
  const argv = cargoArgv(build, staging);
  log(`  ${build.crate}: ${argv.join(" ")}`);
  await runCargo(build.crate, argv);
  const buildSeconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(path.join(staging, ".built"), JSON.stringify({ cargo, buildSeconds, build }, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { binary, key, cargoVersion: cargo, buildSeconds, cached: false };
}
