/**
 * gVisor releases built from source: gVisor's `go` branch through the Go module proxy, the release stamped into
 * the binary as gVisor's own build does, installed beside the Debian releases (one folder per release).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ensureGoBuild, goVersion, type GoBuild } from "./go-build.js";
import { log } from "./progress.js";
import {
  isSnapshotRelease,
  RELEASE_NAME,
  releaseOf,
  runscVersionLine,
  snapshotVersionStamp,
} from "./runsc-binary.js";
import { runscPathFor } from "./runsc-install.js";

export const SOURCE_RELEASES_FILE = path.resolve(import.meta.dirname, "../../fixtures/runsc-source-releases.json");

const hex40 = z.string().regex(/^[0-9a-f]{40}$/, "a full 40-hex commit");

const SourceRelease = z
  .object({
    release: z.string().regex(RELEASE_NAME, "YYYYMMDD, or goYYYYMMDD-<12 hex> for a go-branch snapshot"),
    version: z
      .string()
      .regex(
        /^(release-\d{8}\.\d+(-\d+-g[0-9a-f]{7,40})?|go-branch-v0\.0\.0-\d{14}-[0-9a-f]{12})$/,
        "release-YYYYMMDD.N[-K-gHASH], or go-branch-<moduleVersion> for a snapshot",
      ),
    moduleVersion: z.string().regex(/^v0\.0\.0-\d{14}-[0-9a-f]{12}$/, "a go-branch pseudo-version"),
    /** The go-branch commit: 40 hex where read from a clone, the pseudo-version's 12 where not. */
    goBranchCommit: z.string().regex(/^[0-9a-f]{12}([0-9a-f]{28})?$/, "a 12- or 40-hex commit"),
    /** The master commit the go-branch commit merges (a release's own), where it could be read. */
    sourceCommit: hex40.optional(),
    /** A snapshot: the newest release tag known to be in its history (read from a clone), with how it is known. */
    precedingRelease: z
      .string()
      .regex(/^release-\d{8}\.\d+$/, "release-YYYYMMDD.N")
      .optional(),
    why: z.string().min(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    // Why: the harness names and verifies cells by releaseOf(`runsc --version`): the stamp must yield `release`.
    if (releaseOf(`runsc version ${r.version}`) !== r.release)
      ctx.addIssue({ code: "custom", message: `version ${r.version} does not name release ${r.release}` });
    if (!r.goBranchCommit.startsWith(r.moduleVersion.slice(-12)))
      ctx.addIssue({ code: "custom", message: `moduleVersion ${r.moduleVersion} is not ${r.goBranchCommit}` });
    const snapshot = isSnapshotRelease(r.release);
    // Why: a release tag is never invented: a snapshot is stamped with its pseudo-version, nothing else.
    if (snapshot && r.version !== snapshotVersionStamp(r.moduleVersion))
      ctx.addIssue({ code: "custom", message: `a snapshot is stamped ${snapshotVersionStamp(r.moduleVersion)}` });
    if (!snapshot && r.sourceCommit === undefined)
      ctx.addIssue({ code: "custom", message: `release ${r.release} names no sourceCommit` });
    if (!snapshot && r.precedingRelease !== undefined)
      ctx.addIssue({ code: "custom", message: `precedingRelease is for go-branch snapshots only` });
    const hash = /-g([0-9a-f]+)$/.exec(r.version)?.[1];
    if (hash && !(r.sourceCommit ?? "").startsWith(hash))
      ctx.addIssue({
        code: "custom",
        message: `version ${r.version} does not name ${r.sourceCommit ?? "(none)"}`,
      });
  });

const SourceReleasesFile = z
  .object({
    $comment: z.string(),
    package: z.string().min(1),
    versionVariable: z.string().regex(/^[\w./-]+\.\w+$/),
    releases: z.array(SourceRelease).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    for (const r of f.releases) {
      if (seen.has(r.release)) ctx.addIssue({ code: "custom", message: `release ${r.release} is listed twice` });
      seen.add(r.release);
    }
  });

export type RunscSourceRelease = z.infer<typeof SourceRelease>;
export type RunscSourceReleasesFile = z.infer<typeof SourceReleasesFile>;

export function parseSourceReleases(text: string, file = SOURCE_RELEASES_FILE): RunscSourceReleasesFile {
  const parsed = SourceReleasesFile.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

export function readSourceReleasesFile(file = SOURCE_RELEASES_FILE): RunscSourceReleasesFile {
  return parseSourceReleases(readFileSync(file, "utf8"), file);
}

/** The linker flag that stamps the version, as gVisor's Bazel build does (x_defs of //runsc). */
export function versionLdflag(file: RunscSourceReleasesFile, spec: RunscSourceRelease): string {
  return `-X ${file.versionVariable}=${spec.version}`;
}

/** The first line `runsc --version` must print. */
export function expectedVersionLine(spec: RunscSourceRelease): string {
  return `runsc version ${spec.version}`;
}

/** The cached build of one release: `go install <package>@<moduleVersion>`, without cgo (as gVisor builds). */
export function goBuildFor(file: RunscSourceReleasesFile, spec: RunscSourceRelease): GoBuild {
  return {
    name: `runsc-${spec.release}`,
    source: { kind: "install", pkg: file.package, version: spec.moduleVersion },
    cgo: false,
    tags: [],
    ldflags: [versionLdflag(file, spec)],
  };
}

export interface RunscSourceBuild {
  release: string;
  binary: string;
  buildSeconds: number;
  cached: boolean;
}

/** Copies beside the target then renames: a binary Docker is running stays intact (no ETXTBSY). */
function install(built: string, target: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.new`;
  rmSync(tmp, { force: true });
  copyFileSync(built, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
}

async function versionLineOf(binary: string): Promise<string | null> {
  if (!existsSync(binary)) return null;
  return runscVersionLine(binary).catch(() => null);
}

/** Builds (or finds cached) one release, installs it as <GVC_RUNSC_DIR>/<release>/runsc, checks its version. */
export async function ensureRunscSourceRelease(
  file: RunscSourceReleasesFile,
  spec: RunscSourceRelease,
): Promise<RunscSourceBuild> {
  const want = expectedVersionLine(spec);
  const build = await ensureGoBuild(goBuildFor(file, spec));
  const built = path.join(build.dir, path.basename(file.package));
  const builtLine = await versionLineOf(built);
  if (builtLine !== want)
    throw new Error(`${built} reports ${JSON.stringify(builtLine)}, expected ${JSON.stringify(want)}`);
  const target = runscPathFor(spec.release);
  if ((await versionLineOf(target)) !== want) {
    install(built, target);
    log(`installed runsc ${spec.version} (${spec.moduleVersion}) at ${target}`);
  } else log(`runsc ${spec.version} is installed at ${target}`);
  const line = await versionLineOf(target);
  if (line !== want || releaseOf(line) !== spec.release)
    throw new Error(`${target} reports ${JSON.stringify(line)}, expected ${JSON.stringify(want)}`);
  return { release: spec.release, binary: target, buildSeconds: build.buildSeconds, cached: build.cached };
}

/**
 * Every release of fixtures/runsc-source-releases.json, built one at a time (a cold build is minutes of both
 * cores). Without a Go toolchain nothing is built: the line says so, and the list is empty.
 */
export async function ensureRunscSourceReleases(): Promise<RunscSourceBuild[]> {
  const file = readSourceReleasesFile();
  if (!(await goVersion())) {
    log(
      `not building gVisor ${file.releases.map((r) => r.release).join(", ")} from source: no Go toolchain ` +
        `(the go command is not on PATH)`,
    );
    return [];
  }
  const results: RunscSourceBuild[] = [];
  for (const spec of file.releases) results.push(await ensureRunscSourceRelease(file, spec));
  return results;
}
