/**
 * One cluster per cell's sandbox (k3s, or upstream Kubernetes built from source): started for the cell's run of
 * the tier (suites/k3s/k3s-probes.ts), restarted if it died or another mode is asked for, stopped when the run
 * is done or at the end.
 */
import { currentCluster } from "./host-probes.js";
import { NO_CLUSTER_EXIT, runningTest, stopScript } from "./cluster-commands.js";
import { quietRunner, type Runner } from "./runner.js";
import type { K3sMode } from "./server-args.js";
import type { ProvidedCell } from "../sandbox/provided-cell.js";
import { idleCells } from "../sandbox/idle-freezer.js";

export interface K3sServer {
  containerId: string;
  mode: K3sMode;
  /** Whether the cluster's addons (CoreDNS) were deployed: not for a cell that runs only the pod experiment. */
  addons: boolean;
  /** Pid (and process group: started with setsid) of the server (k3s, or the cluster's supervisor). */
  pid: number;
  argv: string[];
  startedAt: number;
}

/** Why: the tier's findings must use the server the same way; this is the one place that starts and stops it. */
/**
 * The start script could not even be run in the sandbox (the exec failed: a sandbox that no longer answers, or
 * a runtime that refused the exec). The cell's k3s findings are blocked on it, with this message as the reason.
 */
export class ClusterStartError extends Error {}

export class K3sSessions {
  private readonly servers = new Map<string, K3sServer>();
  /** A live server of `mode` in the cell's sandbox, starting (or restarting) one as needed. */
  async ensure(run: Runner, cell: ProvidedCell, mode: K3sMode, addons = true): Promise<K3sServer> {
    const containerId = cell.containerId;
    const existing = this.servers.get(containerId);
    const same = existing?.mode === mode && existing.addons === addons;
    if (existing && same && (await this.alive(quietRunner(containerId), existing))) return existing;
    if (existing) await this.stop(existing);
    const cluster = currentCluster();
    await run.exec(`${cluster.kind} version`, [...cluster.version]);
    const started = await run.sh(`start ${cluster.kind} (${mode})`, cluster.startScript(mode, addons));
    if (started.exitCode === NO_CLUSTER_EXIT)
      throw new Error(
        `the k3s tier's source is ${cluster.kind} but the sandbox image lacks it (${started.stderr.trim()}): ` +
          "rebuild the image (npm run setup)",
      );
    const pid = Number(started.stdout.trim().split("\n").at(-1));
    if (started.exitCode !== 0 || !Number.isInteger(pid) || pid <= 0) {
      const said = [started.stderr.trim(), started.stdout.trim()].filter(Boolean).join(" / ") || "no output";
      throw new ClusterStartError(`${cluster.kind} did not start: exit ${started.exitCode}: ${said}`);
    }
    const server = { containerId, mode, addons, pid, argv: cluster.argv(mode, addons), startedAt: Date.now() };
    this.servers.set(containerId, server);
    idleCells.enter(containerId); // a running cluster is a use of its cell: never frozen between findings
    return server;
  }

  /** Whether the server runs; an exec that fails (a loaded host) says nothing either way: "unknown". */
  async state(run: Runner, server: K3sServer): Promise<"running" | "ended" | "unknown"> {
    const r = await run.sh(
      "server process alive",
      `if ${runningTest(server.pid)}; then echo running; else echo ended; fi`,
    );
    const out = r.stdout.trim();
    return r.exitCode === 0 && (out === "running" || out === "ended") ? out : "unknown";
  }

  async alive(run: Runner, server: K3sServer): Promise<boolean> {
    return (await this.state(run, server)) !== "ended";
  }

  async stop(server: K3sServer): Promise<void> {
    await quietRunner(server.containerId).sh("stop the cluster", stopScript(server.pid), {
      // Under load a stop takes long; cut short, it would leave the kubelet's stand-ins for later findings.
      timeoutMs: 180_000,
    });
    if (this.servers.get(server.containerId) === server) {
      this.servers.delete(server.containerId);
      idleCells.leave(server.containerId);
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => this.stop(s)));
  }
}
