/** The Docker engine: installed from Debian's packages if absent, started and waited for if not running. */
import { execa } from "execa";
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
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
