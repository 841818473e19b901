/** The Docker engine: installed from Debian's packages if absent, started and waited for if not running. */
import { execa } from "execa";
import { spawn } from "node:child_process";
import { chmodSync, openSync, statSync } from "node:fs";
import { log, runWithProgress } from "./progress.js";
import { aptInstall, commandExists } from "./debian.js";

export const DOCKERD_LOG = "/var/log/gvisor-conformance-dockerd.log";

export async function dockerAnswers(): Promise<boolean> {
  const result = await execa("docker", ["info", "--format", "{{.ServerVersion}}"], {
    reject: false,
    timeout: 15_000,
  });
  return result.exitCode === 0;
}

/** Installs docker.io when there is no engine binary. */
export async function ensureDockerInstalled(): Promise<void> {
  if ((await commandExists("dockerd")) && (await commandExists("docker")))
    return log("docker engine is installed");
  await aptInstall(["docker.io", "containerd", "runc"]);
}

/** Starts dockerd in the background (no init system runs it here) and waits until it answers. */
export async function ensureDockerRunning(): Promise<void> {
  if (await dockerAnswers()) return log("docker engine answers");
  const out = openSync(DOCKERD_LOG, "a");
  const child = spawn("dockerd", [], { detached: true, stdio: ["ignore", out, out] });
  child.unref();
  log(`started dockerd (pid ${child.pid}, log ${DOCKERD_LOG}); waiting for it to answer`);
  await waitForDocker(60_000);
}

export async function waitForDocker(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await dockerAnswers()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the docker engine did not answer within ${timeoutMs / 1000} s; see ${DOCKERD_LOG}`);
}

/** Re-reads daemon.json: SIGHUP to the running engine. */
export async function reloadDockerConfig(): Promise<void> {
  const pid = (await execa("pidof", ["dockerd"], { reject: false })).stdout.trim().split(/\s+/)[0];
  if (!pid) throw new Error("dockerd is not running: cannot reload its configuration");
  await runWithProgress(["kill", "-HUP", pid], () => false);
}

/** The mode that lets any user traverse a directory (o+x, no listing), or null when it already does. */
export function traversableMode(mode: number): number | null {
  return (mode & 0o001) !== 0 ? null : (mode & 0o7777) | 0o001;
}

/**
 * gVisor 20221219 runs its sandbox process as nobody (uid 65534) and sets up the sandbox's chroot in the engine's
 * TMPDIR, `<DockerRootDir>/tmp`. With the root at 0710 (found so on this host on 2026-12-06, partway through a
 * session; what changed it is not known) nobody cannot reach it and every 20221219 sandbox dies at start: runsc's
 * boot log says `error setting up chroot: ... Open(/var/lib/docker/tmp, _, _): permission denied`, Docker only
 * `cannot read client sync file: waiting for sandbox to start: EOF`. Traverse permission for others (no listing)
 * fixes it (measured); newer releases do not need it. Checked on every setup.
 */
export async function ensureDockerRootTraversable(): Promise<void> {
  const root = (await execa("docker", ["info", "--format", "{{.DockerRootDir}}"])).stdout.trim();
  if (!root) throw new Error("docker info gave no DockerRootDir");
  const mode = statSync(root).mode;
  const wanted = traversableMode(mode);
  if (wanted === null) return log(`${root} is traversable (mode ${(mode & 0o7777).toString(8)})`);
  chmodSync(root, wanted);
  log(
    `${root}: mode ${(mode & 0o7777).toString(8)} -> ${wanted.toString(8)} (o+x): gVisor 20221219's sandbox runs as ` +
      "nobody and makes its chroot under it",
  );
}
