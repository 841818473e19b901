/**
 * One k3s server per cell's sandbox, started on first use and shared by the k3s findings of that cell (a
 * start costs tens of seconds), restarted if it died or another mode is asked for, stopped at the end.
 */
import { K3S_IN_SANDBOX, K3S_POD_IMAGES_IN_SANDBOX } from "./build-stage.js";
import { quietRunner, shellQuote, type Runner } from "./runner.js";
import { k3sServerArgv, type K3sMode } from "./server-args.js";

export const K3S_LOG = "/var/log/gvc-k3s.log";
const NO_K3S_EXIT = 3;

export interface K3sServer {
  containerId: string;
  mode: K3sMode;
  /** Pid (and process group: started with setsid) of `k3s server` inside the sandbox. */
  pid: number;
  argv: string[];
  startedAt: number;
}

/** The start script: check the binary, preload pod images, start detached, print the pid. */
export function startScript(argv: readonly string[]): string {
  return [
    `test -x ${K3S_IN_SANDBOX} || { echo "no k3s at ${K3S_IN_SANDBOX}" >&2; exit ${NO_K3S_EXIT}; }`,
    "mkdir -p /var/lib/rancher/k3s/agent/images",
    `if [ -d ${K3S_POD_IMAGES_IN_SANDBOX} ]; then cp ${K3S_POD_IMAGES_IN_SANDBOX}/* /var/lib/rancher/k3s/agent/images/; fi`,
    `setsid ${shellQuote(argv)} >${K3S_LOG} 2>&1 </dev/null &`,
    "echo $!",
  ].join("\n");
}

/** Stops the process group, then undoes its mounts and cgroups (other findings share the sandbox). */
export function stopScript(pid: number): string {
  return [
    `kill -TERM -- -${pid} 2>/dev/null; for i in $(seq 1 20); do kill -0 ${pid} 2>/dev/null || break; sleep 0.5; done`,
    `kill -KILL -- -${pid} 2>/dev/null; true`,
    "awk '$2 ~ \"^/(var/lib/kubelet|run/k3s|var/lib/rancher)\" {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null; true",
    "find /sys/fs/cgroup -depth -mindepth 2 -type d \\( -path '*/k8s.io*' -o -path '*/kubepods*' \\) -exec rmdir {} \\; 2>/dev/null; true",
  ].join("\n");
}

/** Why: the k3s findings must use the server the same way; this is the one place that starts and stops it. */
export class K3sSessions {
  private readonly servers = new Map<string, K3sServer>();

  /** A live server of `mode` in the cell's sandbox, starting (or restarting) one as needed. */
  async ensure(run: Runner, containerId: string, mode: K3sMode): Promise<K3sServer> {
    const existing = this.servers.get(containerId);
    if (existing && existing.mode === mode && (await this.alive(quietRunner(containerId), existing)))
      return existing;
    if (existing) await this.stop(existing);
    await run.exec("k3s --version", [K3S_IN_SANDBOX, "--version"]);
    const argv = k3sServerArgv(mode);
    const started = await run.sh(`start k3s server (${mode})`, startScript(argv));
    if (started.exitCode === NO_K3S_EXIT)
      throw new Error(
        `the k3s tier is configured but the sandbox image has no ${K3S_IN_SANDBOX}: add the k3s build stage to ` +
          "Dockerfile.gvisor and rebuild the image (npm run setup)",
      );
    const pid = Number(started.stdout.trim().split("\n").at(-1));
    if (started.exitCode !== 0 || !Number.isInteger(pid) || pid <= 0)
      throw new Error(`k3s server did not start: exit ${started.exitCode}: ${started.stderr.trim()}`);
    const server = { containerId, mode, pid, argv, startedAt: Date.now() };
    this.servers.set(containerId, server);
    return server;
  }

  async alive(run: Runner, server: K3sServer): Promise<boolean> {
    return (await run.exec("k3s process alive", ["kill", "-0", String(server.pid)])).exitCode === 0;
  }

  async stop(server: K3sServer): Promise<void> {
    await quietRunner(server.containerId).sh("stop k3s", stopScript(server.pid), { timeoutMs: 60_000 });
    this.servers.delete(server.containerId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => this.stop(s)));
  }
}
