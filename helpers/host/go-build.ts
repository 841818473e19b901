/**
 * Programs built from their Go modules through the Go module proxy (what no registry here ships as a binary),
 * cached outside the clone under a key of everything that went into them, so a second setup is a no-op.
 * Progress shows the download and compile phases with elapsed time.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { log } from "./progress.js";

export const CACHE_ROOT = process.env.GVC_CACHE_DIR ?? "/var/cache/gvisor-conformance";

export interface GoBuild {
  /** Names the cache folder and the progress lines. */
  name: string;
  /**
   * `install`: `go install PKG@VERSION` (a module without replace directives);
   * `module`: packages of a module folder of ours (its go.mod carries the replaces the build needs).
   */
  source: { kind: "install"; pkg: string; version: string } | { kind: "module"; dir: string; pkgs: string[] };
  cgo: boolean;
  tags: string[];
  /** Linker flags after `-s -w`, e.g. `-X pkg.var=value`; absent keeps cache keys as they were. */
  ldflags?: string[];
}

export interface GoBuildResult {
  /** The folder holding the built binaries (named after their packages). */
  dir: string;
  key: string;
  goVersion: string;
  /** Seconds the build took; 0 when it came from the cache. */
  buildSeconds: number;
  cached: boolean;
}

/** `go version`'s go1.x.y, or null when Go is not installed. */
export async function goVersion(): Promise<string | null> {
  const r = await execa("go", ["env", "GOVERSION"], { reject: false, timeout: 30_000 });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(go|mod|sum)$/.test(f))
    .sort();
}

/** Why: the cache key is every input: the spec, the Go version, and a module folder's files. */
export function buildKey(build: GoBuild, go: string): string {
  // The module folder by name, not by path: a clone elsewhere (CI's) reuses the same build.
  const source =
    build.source.kind === "module" ? { ...build.source, dir: path.basename(build.source.dir) } : build.source;
  const hash = createHash("sha256").update(JSON.stringify({ ...build, source, go }));
  if (build.source.kind === "module")
    for (const f of moduleFiles(build.source.dir))
      hash.update(f).update(readFileSync(path.join(build.source.dir, f)));
  return hash.digest("hex").slice(0, 12);
}

/** The go command for one build, and the environment it runs in. */
export function goArgv(
  build: GoBuild,
  out: string,
): { argv: string[]; cwd?: string; env: Record<string, string> } {
  const env = { CGO_ENABLED: build.cgo ? "1" : "0", GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false" };
  const flags = [
    "-v",
    "-trimpath",
    `-ldflags=${["-s", "-w", ...(build.ldflags ?? [])].join(" ")}`,
    ...(build.tags.length ? [`-tags=${build.tags.join(",")}`] : []),
  ];
  if (build.source.kind === "install")
    return {
      argv: ["go", "install", ...flags, `${build.source.pkg}@${build.source.version}`],
      env: { ...env, GOBIN: out },
    };
  return { argv: ["go", "build", ...flags, "-o", `${out}/`, ...build.source.pkgs], cwd: build.source.dir, env };
}

/** Why: a build of minutes must show it moves: download and compile counts with elapsed time, every 20 s. */
async function runGo(name: string, argv: string[], cwd: string | undefined, env: Record<string, string>) {
  const t0 = Date.now();
  let downloads = 0;
  let packages = 0;
  let last = "";
  const tail: string[] = [];
  const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
  const tick = setInterval(() => {
    const phase = packages > 0 ? `compiling: ${packages} packages` : `downloading: ${downloads} modules`;
    log(`  ${name}: ${phase} (${elapsed()}${last ? `, at ${last}` : ""})`);
  }, 20_000);
  const [file, ...args] = argv as [string, ...string[]];
  const child = execa(file, args, { cwd, env, all: true, reject: false, buffer: false });
  child.all?.setEncoding("utf8");
  let pending = "";
  child.all?.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("go: downloading ")) downloads++;
      else if (/^[\w.-]+(\/[\w.@~+-]+)*$/.test(line.trim())) {
        packages++;
        last = line.trim();
      }
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  });
  const result = await child.finally(() => clearInterval(tick));
  if (result.exitCode !== 0)
    throw new Error(`${argv.join(" ")} exited with ${result.exitCode} after ${elapsed()}:\n${tail.join("\n")}`);
  log(`  ${name}: built in ${elapsed()} (${downloads} modules downloaded, ${packages} packages compiled)`);
}

/** Builds (or finds in the cache) one program; the cache folder appears only when the build succeeded. */
export async function ensureGoBuild(build: GoBuild): Promise<GoBuildResult> {
  const go = await goVersion();
  if (!go) throw new Error(`cannot build ${build.name}: no Go toolchain (the go command is not on PATH)`);
  const key = buildKey(build, go);
  const dir = path.join(CACHE_ROOT, "go-builds", `${build.name}-${key}`);
  const stamp = path.join(dir, ".built");
  if (existsSync(stamp)) {
    log(`  ${build.name}: cached (${path.basename(dir)}, ${go})`);
    return { dir, key, goVersion: go, buildSeconds: 0, cached: true };
  }
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const t0 = Date.now();
  const { argv, cwd, env } = goArgv(build, staging);
  log(`  ${build.name}: ${argv.join(" ")}`);
  await runGo(build.name, argv, cwd, env);
  const buildSeconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(path.join(staging, ".built"), JSON.stringify({ go, buildSeconds, build }, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { dir, key, goVersion: go, buildSeconds, cached: false };
}
