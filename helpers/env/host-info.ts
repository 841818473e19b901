/** The host side of the run info: kernel, engine, Node, harness version. */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

export async function hostInfo(): Promise<{ kernel: string; engineVersion: string; node: string }> {
  const engine = await execa("docker", ["info", "--format", "{{.ServerVersion}}"], { reject: false });
  return { kernel: os.release(), engineVersion: engine.stdout.trim() || "unknown", node: process.version };
}

export function harnessVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Whether the runc baseline can have a cgroup v2 counterpart on this host: only where Docker itself runs
 * containers on cgroup v2. Null when it can, else the one-line reason for the run's notes (the runc baseline's v2
 * cells are then not declared: there is nothing to run them on).
 */
export async function runcV2BaselineUnavailable(): Promise<string | null> {
  const r = await execa("docker", ["info", "--format", "{{.CgroupVersion}}"], { reject: false, timeout: 15_000 });
  const version = r.stdout.trim();
  if (version === "2") return null;
  let unified = "";
  try {
    unified = readFileSync("/sys/fs/cgroup/unified/cgroup.controllers", "utf8").trim();
  } catch {
    // no hybrid cgroup2 mount on this host
  }
  return (
    `runc baseline on cgroup v2: not measured on this host: Docker runs containers on cgroup v${version || "?"}` +
    (unified
      ? `, and the host's cgroup2 hierarchy (/sys/fs/cgroup/unified) has only the controllers: ${unified}`
      : "")
  );
}
