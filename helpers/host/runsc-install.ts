/** gVisor releases from Debian's packages, installed side by side (one folder per release). */
import { execa } from "execa";
import {
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertCanInstall, aptUpdate, ensureBackportsSource } from "./debian.js";
import { log, runWithProgress } from "./progress.js";
import { releaseOf, runscVersionLine } from "./runsc-binary.js";

export interface RunscReleaseSpec {
  release: string;
  aptPackage: string;
  aptSource: string;
}

interface ReleasesFile {
  releases: RunscReleaseSpec[];
  runtimeArgs: string[];
}

const RELEASES_FILE = path.resolve(import.meta.dirname, "../../fixtures/runsc-releases.json");

export function readReleasesFile(): ReleasesFile {
  return JSON.parse(readFileSync(RELEASES_FILE, "utf8")) as ReleasesFile;
}

/** Where each release's binary lives: GVC_RUNSC_DIR or /opt/gvisor-conformance/runsc. */
export function runscInstallDir(): string {
  return process.env.GVC_RUNSC_DIR ?? "/opt/gvisor-conformance/runsc";
}

export function runscPathFor(release: string): string {
  return path.join(runscInstallDir(), release, "runsc");
}

async function installedRelease(binary: string): Promise<string | null> {
  if (!existsSync(binary)) return null;
  return releaseOf(await runscVersionLine(binary).catch(() => ""));
}

/** Downloads the release's .deb and extracts only its runsc binary into the release's folder. */
export async function ensureRunscRelease(spec: RunscReleaseSpec): Promise<string> {
  const target = runscPathFor(spec.release);
  if ((await installedRelease(target)) === spec.release) {
    log(`runsc ${spec.release} is installed at ${target}`);
    return target;
  }
  assertCanInstall(`runsc ${spec.release}`);
  if (spec.aptSource.endsWith("-backports")) await ensureBackportsSource();
  await aptUpdate();
  const work = mkdtempSync(path.join(os.tmpdir(), "gvc-runsc-"));
  try {
    await runWithProgress(["apt-get", "download", spec.aptPackage], (l) => /^(Get|E:)/.test(l), { cwd: work });
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!deb) throw new Error(`apt-get download ${spec.aptPackage} produced no .deb`);
    await execa("dpkg-deb", ["-x", path.join(work, deb), path.join(work, "root")]);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(work, "root/usr/bin/runsc"), target);
    chmodSync(target, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const got = await installedRelease(target);
  if (got !== spec.release) throw new Error(`${target} reports release ${got}, expected ${spec.release}`);
  log(`installed runsc ${spec.release} at ${target}`);
  return target;
}
