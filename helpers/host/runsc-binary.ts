/** Facts about a runsc binary on the host, read from the binary itself. */
import { execa } from "execa";

/** `runsc --version` first line, e.g. `runsc version 0.0~20221219.0` or `runsc version release-20240729.0`. */
export async function runscVersionLine(binary: string): Promise<string> {
  const result = await execa(binary, ["--version"], { reject: false, timeout: 15_000 });
  if (result.exitCode !== 0)
    throw new Error(`${binary} --version exited with ${result.exitCode}: ${result.stderr}`);
  return result.stdout.split("\n")[0]?.trim() ?? "";
}

/**
 * How the harness names a gVisor build, everywhere (runtime names, cell ids, expectations, cells.json):
 * - a release: its date stamp, `YYYYMMDD` (`runsc-20240729`);
 * - a snapshot of gVisor's `go` branch that is not a release (what the Go module proxy serves as `latest`):
 *   `go<YYYYMMDD>-<12 hex>`, the date and commit of its pseudo-version (`runsc-go20260905-160fafc42237`), so a
 *   reader sees it is a go-branch commit of that day and never mistakes it for a release.
 */
export const RELEASE_NAME = /^(?:\d{8}|go\d{8}-[0-9a-f]{12})$/;
/** The same, inside a longer name (a runtime `runsc-<release>[-flags]`, a cell id). */
export const RELEASE_NAME_SOURCE = "(?:go\\d{8}-[0-9a-f]{12}|\\d{8})";
export const GO_SNAPSHOT_VERSION_PREFIX = "go-branch-";

/** A go-branch pseudo-version `v0.0.0-YYYYMMDDhhmmss-<12 hex>`: its date, time and commit prefix. */
export function parsePseudoVersion(moduleVersion: string): { date: string; time: string; commit: string } | null {
  const m = /^v0\.0\.0-(\d{8})(\d{6})-([0-9a-f]{12})$/.exec(moduleVersion);
  return m ? { date: m[1] ?? "", time: m[2] ?? "", commit: m[3] ?? "" } : null;
}

/** The release name of a go-branch snapshot (`go20260905-160fafc42237`), or null for a malformed version. */
export function snapshotReleaseName(moduleVersion: string): string | null {
  const p = parsePseudoVersion(moduleVersion);
  return p ? `go${p.date}-${p.commit}` : null;
}

/** What a snapshot's binary is stamped with (`runsc --version`): `go-branch-v0.0.0-...`, never a release tag. */
export function snapshotVersionStamp(moduleVersion: string): string {
  return `${GO_SNAPSHOT_VERSION_PREFIX}${moduleVersion}`;
}

/** The release of a build's own runtime name (`runsc-<release>`), or null for any other name (a variant's). */
export function releaseOfRuntimeName(name: string): string | null {
  return new RegExp(`^runsc-(${RELEASE_NAME_SOURCE})$`).exec(name)?.[1] ?? null;
}

/** A release name is a go-branch snapshot (not a tagged release). */
export function isSnapshotRelease(release: string): boolean {
  return /^go\d{8}-[0-9a-f]{12}$/.test(release);
}

/** The day a release name stands for (YYYYMMDD): the release's date, or the snapshot commit's. */
export function releaseDate(release: string): string {
  return /(\d{8})/.exec(release)?.[1] ?? "";
}

/** Newest first: by date, a snapshot after the release of the same day. */
export function compareReleasesNewestFirst(a: string, b: string): number {
  const byDate = releaseDate(b).localeCompare(releaseDate(a));
  return byDate !== 0 ? byDate : Number(isSnapshotRelease(b)) - Number(isSnapshotRelease(a));
}

/**
 * The release name inside a version line, or null when there is none: Debian's `0.0~20221219.0`, gVisor's
 * `release-20240729.0[-41-gHASH]`, or a go-branch snapshot's stamp `go-branch-v0.0.0-20260905035102-160fafc42237`.
 */
export function releaseOf(versionLine: string): string | null {
  const snapshot = /\bgo-branch-(v0\.0\.0-\d{14}-[0-9a-f]{12})\b/.exec(versionLine)?.[1];
  if (snapshot) return snapshotReleaseName(snapshot);
  return /(?:~|release-|\b)(\d{8})(?:\.\d+)?\b/.exec(versionLine)?.[1] ?? null;
}

/** The platform a binary uses when none is given, from `runsc flags` ("(default "systrap")"). */
export async function defaultPlatform(binary: string): Promise<string | null> {
  const result = await execa(binary, ["flags"], { reject: false, timeout: 15_000, all: true });
  const text = String(result.all ?? "");
  const at = text.indexOf("-platform ");
  if (at < 0) return null;
  return /\(default "([a-z0-9-]+)"\)/.exec(text.slice(at, at + 400))?.[1] ?? null;
}
