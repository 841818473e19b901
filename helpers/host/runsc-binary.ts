/** Facts about a runsc binary on the host, read from the binary itself. */
import { execa } from "execa";

/** `runsc --version` first line, e.g. `runsc version 0.0~20221219.0` or `runsc version release-20240729.0`. */
export async function runscVersionLine(binary: string): Promise<string> {
  const result = await execa(binary, ["--version"], { reject: false, timeout: 15_000 });
  if (result.exitCode !== 0)
    throw new Error(`${binary} --version exited with ${result.exitCode}: ${result.stderr}`);
  return result.stdout.split("\n")[0]?.trim() ?? "";
}

/** The release date stamp (YYYYMMDD) inside a version line, or null when there is none. */
export function releaseOf(versionLine: string): string | null {
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
