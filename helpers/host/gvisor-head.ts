/**
 * `--gvisor head`: gVisor as the Go module proxy serves it today, checked beside the pinned builds. The proxy's
 * newest go-branch commit (`go list -m -json gvisor.dev/gvisor@latest`) becomes a go-branch snapshot spec
 * (`go<YYYYMMDD>-<12 hex>`, as fixtures/runsc-source-releases.json names them); when it is a pinned entry the
 * pinned build is reused, else it is built like a pinned one (cached by pseudo-version) and registered as a
 * one-off runtime for the one run. Pure functions (parsing, spec, choices, cell lists) plus the one `go list` call,
 * whose runner is injectable, and the guard that removes the head's runtimes on every way out of a run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { matchesAny } from "../env/patterns.js";
import {
  compareReleasesNewestFirst,
  parsePseudoVersion,
  releaseOf,
  releaseOfRuntimeName,
  snapshotReleaseName,
  snapshotVersionStamp,
} from "./runsc-binary.js";
import { sandboxCgroupRegistrations } from "./runsc-cgroup-variants.js";
import {
  ensureRunscSourceRelease,
  type RunscSourceBuild,
  type RunscSourceRelease,
  type RunscSourceReleasesFile,
} from "./runsc-source-build.js";
import { runtimeNameFor, type RuntimeRegistration } from "./runtime-registry.js";

/** The module whose newest go-branch commit is the head. */
export const GVISOR_MODULE = "gvisor.dev/gvisor";
/** How long the proxy gets to answer before the run goes on with the pinned builds only. */
export const HEAD_QUERY_TIMEOUT_MS = 60_000;

/** The proxy's newest go-branch commit, as a snapshot the harness can build and name. */
export interface GvisorHead {
  moduleVersion: string;
  /** `go<YYYYMMDD>-<12 hex>`. */
  release: string;
  /** When the commit was made (UTC, ISO 8601): the proxy's `Time`, else the pseudo-version's timestamp. */
  committedAt: string;
  /** What ensureRunscSourceRelease builds: the same shape as a pinned snapshot entry (no precedingRelease). */
  spec: RunscSourceRelease;
}

export type HeadQuery = { ok: true; head: GvisorHead } | { ok: false; reason: string };

/** What `go list -m -json` answered, or why it did not. */
export interface GoListOutcome {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when go could not be started at all (not installed). */
  spawnError?: string;
}

export type GoListRunner = (
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
) => Promise<GoListOutcome>;

const firstNonBlank = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "") ?? "";

/** `2026-09-05T05:50:48Z` -> `2026-09-05 05:50:48 UTC`. */
export function describeCommitTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The pseudo-version's timestamp as ISO 8601 (`v0.0.0-20260905035102-...` -> `2026-09-05T03:51:02Z`). */
export function pseudoVersionTime(moduleVersion: string): string | null {
  const p = parsePseudoVersion(moduleVersion);
  if (!p) return null;
  const { date: d, time: t } = p;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`;
}

/**
 * The snapshot spec of a go-branch pseudo-version, as a pinned snapshot entry is written (release, version stamp,
 * moduleVersion, the 12-hex commit); null for anything that is not a go-branch pseudo-version.
 */
export function headSpec(moduleVersion: string, askedAt: Date): RunscSourceRelease | null {
  const p = parsePseudoVersion(moduleVersion);
  const release = snapshotReleaseName(moduleVersion);
  if (!p || !release) return null;
  const version = snapshotVersionStamp(moduleVersion);
  // Why: the harness names and verifies cells by releaseOf(`runsc --version`); the stamp must yield the name.
  if (releaseOf(`runsc version ${version}`) !== release) return null;
  return {
    release,
    version,
    moduleVersion,
    goBranchCommit: p.commit,
    why:
      `The Go module proxy's newest go-branch commit (go list -m ${GVISOR_MODULE}@latest, asked ` +
      `${askedAt.toISOString()}).`,
  };
}

/** Parses `go list -m -json <module>@latest` into the head, or says what is wrong with the answer. */
export function headFromGoList(stdout: string, askedAt: Date): HeadQuery {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return {
      ok: false,
      reason: `unparsable answer: not JSON: ${JSON.stringify(firstNonBlank(stdout).slice(0, 80))}`,
    };
  }
  const record = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  if (record.Path !== GVISOR_MODULE)
    return { ok: false, reason: `unparsable answer: module ${JSON.stringify(record.Path)}, not ${GVISOR_MODULE}` };
  if (typeof record.Error === "object" && record.Error !== null) {
    const err = (record.Error as { Err?: unknown }).Err;
    return { ok: false, reason: `go list: ${typeof err === "string" ? firstNonBlank(err) : "error"}` };
  }
  const version = record.Version;
  if (typeof version !== "string") return { ok: false, reason: "unparsable answer: no Version" };
  const spec = headSpec(version, askedAt);
  if (!spec) return { ok: false, reason: `unparsable answer: ${version} is not a go-branch pseudo-version` };
  const time = typeof record.Time === "string" && !Number.isNaN(Date.parse(record.Time)) ? record.Time : null;
  const committedAt = time ?? pseudoVersionTime(version) ?? "";
  return { ok: true, head: { moduleVersion: version, release: spec.release, committedAt, spec } };
}

/** What a finished `go list` means: the head, or the reason the proxy counts as not answering. */
export function interpretGoList(outcome: GoListOutcome, askedAt: Date, timeoutMs: number): HeadQuery {
  if (outcome.spawnError !== undefined) return { ok: false, reason: `cannot run go: ${outcome.spawnError}` };
  if (outcome.timedOut) return { ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  if (outcome.exitCode !== 0) {
    const why = firstNonBlank(outcome.stderr) || firstNonBlank(outcome.stdout) || "no output";
    return { ok: false, reason: `go list exited ${outcome.exitCode ?? "?"}: ${why}` };
  }
  return headFromGoList(outcome.stdout, askedAt);
}

/** `go list` through execa: bounded, never throwing. */
export const execaGoList: GoListRunner = async (args, options) => {
  const r = await execa("go", [...args], {
    cwd: options.cwd,
    env: options.env,
    timeout: options.timeoutMs,
    reject: false,
  });
  const spawnError = r.exitCode === undefined && !r.timedOut ? (r.shortMessage ?? r.message) : undefined;
  return {
    exitCode: r.exitCode,
    stdout: String(r.stdout ?? ""),
    stderr: String(r.stderr ?? ""),
    timedOut: r.timedOut === true,
    ...(spawnError !== undefined ? { spawnError: firstNonBlank(spawnError) } : {}),
  };
};

/**
 * Asks the Go module proxy for gVisor's newest go-branch commit: `go list -m -json gvisor.dev/gvisor@latest` in an
 * empty temporary folder (no go.mod of ours in the way), GOFLAGS=-mod=mod, bounded by `timeoutMs`.
 */
export async function queryGvisorHead(
  options: { run?: GoListRunner; timeoutMs?: number; now?: () => Date } = {},
): Promise<HeadQuery> {
  const run = options.run ?? execaGoList;
  const timeoutMs = options.timeoutMs ?? HEAD_QUERY_TIMEOUT_MS;
  const askedAt = (options.now ?? (() => new Date()))();
  const cwd = mkdtempSync(path.join(os.tmpdir(), "gvc-gvisor-head-"));
  try {
    const outcome = await run(["list", "-m", "-json", `${GVISOR_MODULE}@latest`], {
      cwd,
      env: { GOFLAGS: "-mod=mod" },
      timeoutMs,
    });
    return interpretGoList(outcome, askedAt, timeoutMs);
  } catch (error) {
    return { ok: false, reason: firstNonBlank(error instanceof Error ? error.message : String(error)) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The pinned entry the head is (same module version), or null when the head is not pinned. */
export function pinnedMatch(
  head: { moduleVersion: string },
  pinned: readonly RunscSourceRelease[],
): RunscSourceRelease | null {
  return pinned.find((r) => r.moduleVersion === head.moduleVersion) ?? null;
}

/** `gVisor head go20261201-abcdef012345 (v0.0.0-..., committed 2026-12-01 05:50:48 UTC)`. */
export function describeHead(head: GvisorHead): string {
  return `gVisor head ${head.release} (${head.moduleVersion}, committed ${describeCommitTime(head.committedAt)})`;
}

/** What `--gvisor` asks for. */
export type GvisorChoice = { kind: "head" } | { kind: "release"; release: string };

/** The values `--gvisor` takes: `head`, then the pinned releases newest first. */
export function gvisorChoices(pinnedReleases: readonly string[]): string[] {
  return ["head", ...[...new Set(pinnedReleases)].sort(compareReleasesNewestFirst)];
}

/** `--gvisor VALUE`: head, or a pinned release; anything else is refused with the valid choices. */
export function parseGvisorChoice(
  value: string,
  pinnedReleases: readonly string[],
): GvisorChoice | { error: string } {
  if (value === "head") return { kind: "head" };
  if (pinnedReleases.includes(value)) return { kind: "release", release: value };
  return {
    error:
      `--gvisor ${JSON.stringify(value)} is neither head nor a pinned gVisor release ` +
      `(fixtures/runsc-source-releases.json, fixtures/runsc-releases.json); valid: ${gvisorChoices(pinnedReleases).join(", ")}`,
  };
}

/** Enough of a declared cell to choose cells by build (helpers/env/declared-cells.ts `DeclaredCell`). */
export interface CellRef {
  id: string;
  isDefault: boolean;
  runtime: { name: string };
}

/** Whether a runtime is a build's: its own `runsc-<release>`, or a variant `runsc-<release>-<flags>`. */
export function isBuildRuntime(runtimeName: string, release: string): boolean {
  return runtimeName === `runsc-${release}` || runtimeName.startsWith(`runsc-${release}-`);
}

/**
 * Why: a build's cells are the ones the default run gives it (its own runtime and its variants: platforms, cgroup
 * v2), so `--gvisor <release>` is the default run narrowed to one gVisor, not the whole of `--cells 'runsc-<r>*'`.
 */
export function buildCellIds(cells: readonly CellRef[], release: string): string[] {
  return cells.filter((c) => c.isDefault && isBuildRuntime(c.runtime.name, release)).map((c) => c.id);
}

/**
 * Patterns over every cell of a build, `runsc-<release>.*` and `runsc-<release>-*.*`, each only where it matches a
 * cell (selectCells refuses a pattern that matches none): a build with no variant gets the first alone.
 */
export function buildCellPatterns(cells: readonly CellRef[], release: string): string[] {
  const ids = cells.map((c) => c.id);
  return [`runsc-${release}.*`, `runsc-${release}-*.*`].filter((p) => ids.some((id) => matchesAny(id, p)));
}

/**
 * The cells of a head run: every default cell of the pinned build that the head has too (same runtime suffix,
 * same image, cgroup setup and faker), and the head's counterparts; the two sides pair up cell for cell.
 */
export function headRunCells(
  cells: readonly CellRef[],
  pinnedRelease: string,
  headRelease: string,
): { pinned: string[]; head: string[] } {
  const ids = new Set(cells.map((c) => c.id));
  const prefix = `runsc-${pinnedRelease}`;
  const pinned: string[] = [];
  const head: string[] = [];
  for (const id of buildCellIds(cells, pinnedRelease)) {
    const counterpart = `runsc-${headRelease}${id.slice(prefix.length)}`;
    if (!ids.has(counterpart)) continue;
    pinned.push(id);
    head.push(counterpart);
  }
  return { pinned, head };
}

/** Which cells a `--gvisor` run selects (as a `--cells` filter), and which pinned build the head is compared with. */
export type GvisorCells = { filter: string; comparedWith: string | null; note?: string } | { error: string };

/**
 * The `--cells` filter of a `--gvisor` run without an explicit `--cells`:
 * - a release (or a head that is a pinned one): that build's default cells (a build out of the default: all of
 *   its cells);
 * - a new head: the newest pinned build on this host (newest first in `pinnedNewestFirst`) that has default
 *   cells, and the head's cells of the same shapes; with no pinned build here, every cell of the head.
 */
export function gvisorCells(
  cells: readonly CellRef[],
  target: { kind: "release"; release: string } | { kind: "head"; release: string; pinnedNewestFirst: string[] },
): GvisorCells {
  if (target.kind === "release") {
    const ids = buildCellIds(cells, target.release);
    if (ids.length > 0) return { filter: ids.join(","), comparedWith: null };
    // A build out of the default (cells.json `outOfDefault`) runs on request only: asked for, all of its cells.
    const patterns = buildCellPatterns(cells, target.release);
    if (patterns.length > 0) return { filter: patterns.join(","), comparedWith: null };
    return {
      error:
        `gVisor ${target.release} has no cell on this host: no runtime runsc-${target.release} is registered ` +
        `(run without --skip-setup; a build from source needs the go command)`,
    };
  }
  for (const pinned of target.pinnedNewestFirst) {
    const pairs = headRunCells(cells, pinned, target.release);
    if (pairs.head.length > 0) return { filter: [...pairs.pinned, ...pairs.head].join(","), comparedWith: pinned };
  }
  const patterns = buildCellPatterns(cells, target.release);
  if (patterns.length === 0)
    return {
      error: `gVisor head ${target.release} has no cell on this host: runsc-${target.release} is not registered`,
    };
  return {
    filter: patterns.join(","),
    comparedWith: null,
    note: "no pinned build has cells on this host: the head's cells run alone, with nothing to compare them with",
  };
}

/**
 * The head's runtimes, one-off: its own (`runsc-<head>`, the base runtime args) and, when its binary has the flag,
 * its cgroup v2 variant. `flagsOf` reads `runsc flags` (injected for tests).
 */
export async function headRegistrations(
  build: Pick<RunscSourceBuild, "release" | "binary">,
  runtimeArgs: readonly string[],
  flagsOf?: (binary: string) => Promise<string>,
): Promise<RuntimeRegistration[]> {
  const base: RuntimeRegistration = {
    name: runtimeNameFor(build.release, []),
    path: build.binary,
    runtimeArgs: [...runtimeArgs],
    oneOff: true,
  };
  return [base, ...(await sandboxCgroupRegistrations([base], releaseOfRuntimeName, flagsOf))];
}

/** Builds (or finds cached) the head like a pinned entry: `go install gvisor.dev/gvisor/runsc@<pseudo-version>`. */
export function buildHead(file: RunscSourceReleasesFile, head: GvisorHead): Promise<RunscSourceBuild> {
  return ensureRunscSourceRelease(file, head.spec);
}

/** An error as one line: its first line, and its last one when that says more (go's own error under a command). */
export function oneLine(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0] ?? "unknown error";
  const last = lines.length > 1 ? lines[lines.length - 1] : undefined;
  return last !== undefined && last !== first ? `${first.replace(/:$/, "")}; last line: ${last}` : first;
}

const SIGNAL_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** The exit status a process ended by a signal has: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_CODES[signal] ?? 1;
}

/** The process surface the guard needs (injected for tests). */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Why: one-off runtimes registered for one run must not outlive it. The guard removes them once, whatever ends
 * the run: its normal end or a failure (`cleanup()` in a finally), and a signal that arrives while no child owns
 * the signals (`arm()`: before vitest starts, the signal removes them and ends the process as the signal would).
 * A removal waits for a registration still in progress (`track`), so that it cannot be overtaken by it.
 */
export class OneOffRuntimesGuard {
  private busy: Promise<unknown> = Promise.resolve();
  private removal: Promise<void> | null = null;
  private readonly listeners = new Map<NodeJS.Signals, () => void>();
  /** The signal that arrived while armed: the run must not start (the guard is ending the process). */
  signalled: NodeJS.Signals | null = null;

  constructor(
    readonly names: readonly string[],
    private readonly unregister: (names: readonly string[]) => Promise<unknown>,
    private readonly say: (line: string) => void,
    private readonly target: SignalTarget = process,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /** Runs an operation (the registration) that a removal must wait for. */
  track<T>(operation: Promise<T>): Promise<T> {
    this.busy = operation.catch(() => undefined);
    return operation;
  }

  /** Removes the runtimes (once; later calls wait for the same removal). Never throws: it says what is left. */
  cleanup(): Promise<void> {
    this.removal ??= (async () => {
      await this.busy;
      try {
        await this.unregister(this.names);
        this.say(`removed the one-off runtime(s) ${this.names.join(", ")}`);
      } catch (error) {
        this.say(
          `could not remove the one-off runtime(s) ${this.names.join(", ")} (${oneLine(error)}): ` +
            `npm run runtimes -- remove ${this.names.join(" ")}`,
        );
      }
    })();
    return this.removal;
  }

  /** Until `disarm()`: SIGINT, SIGTERM or SIGHUP removes the runtimes, then exits with 128 + the signal. */
  arm(): void {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      if (this.listeners.has(signal)) continue;
      const listener = (): void => {
        this.signalled ??= signal;
        this.say(`${signal}: removing the one-off runtime(s) ${this.names.join(", ")} before stopping`);
        void this.cleanup().then(() => this.exit(signalExitCode(signal)));
      };
      this.listeners.set(signal, listener);
      this.target.on(signal, listener);
    }
  }

  /** Hands the signals back (to the child's forwarding, which ends the run the normal way: through cleanup()). */
  disarm(): void {
    for (const [signal, listener] of this.listeners) this.target.off(signal, listener);
    this.listeners.clear();
  }
}

/** Every pinned release name: the builds from source and Debian's. */
export function pinnedReleaseNames(
  source: Pick<RunscSourceReleasesFile, "releases">,
  debian: { releases: readonly { release: string }[] },
): string[] {
  return [...new Set([...source.releases, ...debian.releases].map((r) => r.release))].sort(
    compareReleasesNewestFirst,
  );
}
