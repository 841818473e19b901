/**
 * Every sandbox of a run, started once per cell and shared by that cell's findings. Owns cleanup: normal stop,
 * and a synchronous sweep when the process is interrupted (Ctrl-C) or ends unexpectedly.
 */
import type { StartedTestContainer } from "testcontainers";
import type { Cell } from "../env/cell.js";
import { cgroupTeardownSync } from "./cgroup-setup.js";
import { containersOfRun, reapOrphanRunsc, removeContainers } from "./cleanup.js";
import { hostCgroupDirsOf } from "./host-cgroups.js";
import { startCellBounded, type StartOutcome } from "./start-cell.js";
import { revokeFreezing, thawAll } from "./idle-freezer.js";
import { endPlatformProbesSync } from "./platform-probe.js";
import { describeRemovalFailures } from "./stuck.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

export class SandboxPool {
  readonly #containers = new Map<string, StartedTestContainer>();
  /** Containers of the runc baseline: their cgroups are the host's, so a leftover matters there. */
  readonly #onHostCgroups = new Set<string>();
  // Runs before vitest's own handler (prepended), which then ends the process with the signal's exit code.
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n[gvisor-conformance] ${signal}: removing this run's sandboxes\n`);
    this.sweepSync();
  };
  readonly #onExit = (): void => this.sweepSync();
  /** Vitest does not handle SIGHUP (terminal closed): sweep and end the way the signal would. */
  readonly #onHangup = (): void => {
    this.sweepSync();
    process.exit(129);
  };

  constructor(private readonly runId: string) {
    // Prepended: vitest's exit listener calls process.exit() again, which skips listeners registered after it.
    for (const s of SIGNALS) process.prependListener(s, this.#onSignal);
    process.prependListener("exit", this.#onExit);
    process.on("SIGHUP", this.#onHangup);
  }

  /**
   * Starts one cell within the start bound; a cell that does not come up is blocked (its container and runsc
   * processes already ended). A container that started but failed later is still owned (and removed) here.
   */
  start(cell: Cell, startSeconds: number): Promise<StartOutcome> {
    return startCellBounded(cell, this.runId, startSeconds, (container) => {
      this.#containers.set(container.getId(), container);
      if (cell.runtime.kind === "runc") this.#onHostCgroups.add(container.getId());
    });
  }

  /** Forgets a container the blocked-cell path removed itself. */
  forget(containerId: string): void {
    this.#containers.delete(containerId);
    this.#onHostCgroups.delete(containerId);
  }

  /** Stops every sandbox, then ends any runsc process a failed start left behind. */
  async stopAll(): Promise<void> {
    revokeFreezing(this.runId);
    const containers = [...this.#containers.values()];
    this.#containers.clear();
    thawAll(containers.map((c) => c.getId())); // the worker froze idle cells; a frozen sandbox cannot stop
    // The runc baseline's cgroups are the host's: what the teardown could not remove while the container's
    // processes lived (a cluster's containerd and kubelet) must be gone once the container is.
    const onHost = containers.filter(
      (c) => cgroupTeardownSync(c.getId()) > 0 && this.#onHostCgroups.has(c.getId()),
    );
    await Promise.allSettled(
      containers.map((c) =>
        Promise.race([
          c.stop({ timeout: 2_000, remove: true, removeVolumes: true }),
          new Promise((resolve) => setTimeout(resolve, 60_000).unref()),
        ]),
      ),
    );
    // Whatever is left with this run's label (a stop that timed out, a container created after its cell was
    // blocked): removed the hard way, runsc processes first.
    this.#removeLeftovers();
    for (const c of onHost) {
      const left = hostCgroupDirsOf(c.getId());
      if (left.length > 0)
        process.stderr.write(
          `[gvisor-conformance] ${c.getId().slice(0, 12)}: host cgroup(s) left after its removal: ${left.join(", ")}\n`,
        );
    }
    this.#detach();
  }

  #removeLeftovers(): void {
    let ids: string[] = [];
    try {
      ids = containersOfRun(this.runId);
    } catch (error) {
      process.stderr.write(`[gvisor-conformance] cannot list this run's containers: ${String(error)}\n`);
    }
    const report = removeContainers(ids);
    reapOrphanRunsc();
    if (report.failed.length > 0)
      process.stderr.write(
        `[gvisor-conformance] could not remove ${report.failed.length} container(s): ${describeRemovalFailures(report)}; run \`npm run cleanup\`\n`,
      );
  }

  /** Synchronous last resort (signal and exit handlers cannot await). */
  sweepSync(): void {
    try {
      revokeFreezing(this.runId);
      endPlatformProbesSync(); // a probe still running has no container yet: its runsc would outlive the run
      for (const id of this.#containers.keys()) cgroupTeardownSync(id);
      let byLabel: string[] = [];
      try {
        byLabel = containersOfRun(this.runId); // a container still being created is not in the map yet
      } catch (error) {
        process.stderr.write(`[gvisor-conformance] cannot list this run's containers: ${String(error)}\n`);
      }
      const report = removeContainers([...new Set([...this.#containers.keys(), ...byLabel])]);
      this.#containers.clear();
      reapOrphanRunsc();
      if (report.failed.length > 0)
        process.stderr.write(
          `[gvisor-conformance] could not remove ${report.failed.length} container(s): ${describeRemovalFailures(report)}; run \`npm run cleanup\`\n`,
        );
    } catch (error) {
      process.stderr.write(`[gvisor-conformance] cleanup failed: ${String(error)}\n`);
    }
  }

  #detach(): void {
    for (const s of SIGNALS) process.off(s, this.#onSignal);
    process.off("exit", this.#onExit);
    process.off("SIGHUP", this.#onHangup);
  }
}
