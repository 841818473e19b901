/** Debian package helpers for host setup: apt-get as root, with the sources this project needs. */
import { execa } from "execa";
import { existsSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { log, runWithProgress } from "./progress.js";

let aptUpdated = false;

export async function commandExists(name: string): Promise<boolean> {
  return (await execa("sh", ["-c", `command -v ${name}`], { reject: false })).exitCode === 0;
}

/** The host must be root on Debian/Ubuntu for setup to install anything; otherwise say what is needed. */
export function assertCanInstall(what: string): void {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      `${what} is missing and setup can only install it as root on Debian/Ubuntu (apt-get). ` +
        `Install it yourself, then run \`npm run setup\` again. See README "Hosts that already have Docker and runsc".`,
    );
  }
}

export async function aptUpdate(): Promise<void> {
  if (aptUpdated) return;
  await runWithProgress(["apt-get", "update"], (l) => /^(Get|Err|E:)/.test(l));
  aptUpdated = true;
}

export async function aptInstall(packages: string[]): Promise<void> {
  assertCanInstall(packages.join(", "));
  await aptUpdate();
  await runWithProgress(
    ["apt-get", "install", "-y", "--no-install-recommends", ...packages],
    (l) => /^(Setting up|E:)/.test(l),
    { env: { DEBIAN_FRONTEND: "noninteractive" } },
  );
}

/** The mirror the system already uses, so that an added suite comes from the same place. */
export function systemMirror(): string {
  const files = [
    "/etc/apt/sources.list",
    ...listDir("/etc/apt/sources.list.d").map((f) => path.join("/etc/apt/sources.list.d", f)),
  ];
  for (const file of files) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const m =
      /^URIs:\s*(\S*debian\S*)$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S*debian\S*)\s+bookworm\s/m.exec(text);
    if (m?.[1] && !m[1].includes("security")) return m[1];
  }
  return "http://deb.debian.org/debian";
}

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

const BACKPORTS_FILE = "/etc/apt/sources.list.d/gvisor-conformance-bookworm-backports.sources";

/** Adds bookworm-backports (for runsc 20240729) unless some source already provides it. */
export async function ensureBackportsSource(): Promise<void> {
  const policy = await execa("apt-cache", ["policy"], { reject: false });
  if (policy.stdout.includes("bookworm-backports")) return;
  assertCanInstall("the bookworm-backports apt source");
  const text = [
    "Types: deb",
    `URIs: ${systemMirror()}`,
    "Suites: bookworm-backports",
    "Components: main",
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
    "",
  ].join("\n");
  writeFileSync(BACKPORTS_FILE, text);
  log(`added ${BACKPORTS_FILE}`);
  aptUpdated = false;
  await aptUpdate();
}
