/**
 * Idle cells are frozen. An idle gVisor sandbox is not idle on the host: measured here, a systrap sandbox that
 * runs only `sleep infinity` costs 6 to 7% of a core (its sentry's own timers), so the default matrix's 16
 * systrap cells took about one of this machine's two cores all run long, and every timing finding measured
 * beside that load. A cell none of whose tests runs is frozen through its container's cgroup freezer (nothing
 * in it runs, the sentry included) and thawed before anything runs in it again: every `docker exec` thaws first
 * (helpers/sandbox/exec.ts), and so does every removal (a frozen process cannot die, so `docker rm -f` would
 * hang). Only the test worker freezes (`enableFreezing`), and only while the process that owns the cells
 * permits it (a file per run): that process revokes the permit before it thaws and removes the cells, so that a
 * worker still ending its tests cannot freeze a cell again under the removal. `GVC_FREEZE_IDLE=0` turns it off.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CellDimensions } from "../env/cell.js";
import { dockerCgroupDirs } from "./host-cgroups.js";
import { releaseDate } from "../host/runsc-binary.js";

/** The freezer file of a Docker container: cgroup v1 or v2, cgroupfs or systemd driver; null if none exists. */
export function freezerFile(containerId: string, root = "/sys/fs/cgroup"): string | null {
  const candidates = [
    ...dockerCgroupDirs(path.join(root, "freezer"), containerId).map((d) => path.join(d, "freezer.state")),
    ...dockerCgroupDirs(root, containerId).map((d) => path.join(d, "cgroup.freeze")),
  ];
  return candidates.find((f) => existsSync(f)) ?? null;
}

const stateValue = (file: string, frozen: boolean): string =>
  file.endsWith("freezer.state") ? (frozen ? "FROZEN" : "THAWED") : frozen ? "1" : "0";

/** Freezes or thaws a container; false when it has no freezer (gone, or a host without one). Never throws. */
export function setFrozen(containerId: string, frozen: boolean): boolean {
  if (!containerId) return false;
  const file = freezerFile(containerId);
  if (!file) return false;
  try {
    writeFileSync(file, stateValue(file, frozen));
    return true;
  } catch {
    return false;
  }
}

/** Whether the container is frozen (or freezing) now. */
export function isFrozen(containerId: string): boolean {
  const file = containerId ? freezerFile(containerId) : null;
  if (!file) return false;
  try {
    const value = readFileSync(file, "utf8").trim();
    return file.endsWith("freezer.state") ? value !== "THAWED" : value === "1";
  } catch {
    return false;
  }
}

/** Thaws every container given (before removal or signals); never throws. */
export function thawAll(containerIds: readonly string[]): void {
  for (const id of containerIds) if (isFrozen(id)) setFrozen(id, false);
}

/**
 * Cells never frozen: systrap sandboxes of builds from this date on. Measured: in two runs with freezing, gVisor
 * 20260520's systrap sandboxes (built from its go branch) began killing their own processes after some freeze/thaw
 * cycles (the cluster's first commands "Killed" 13-16 s after start, dmesg "Segmentation fault"), in no older
 * release and not under ptrace, and never in the run without freezing; 25 freeze/thaw cycles by hand did not
 * reproduce it. The go-branch snapshot of 2026-09-05 did the same in its first run with freezing, v1 and v2 alike
 * (strace "Unexpected wait status 0x9" (SIGKILL), inotifywait killed before watching, clusters whose supervisor
 * ended after 0-9 s). Their cells stay thawed (their idle cost stays: about 7% of a core each).
 */
export const NEVER_FROZEN_SYSTRAP_FROM = "20260520";

/** Whether a cell may be frozen when idle. */
export function freezable(d: Pick<CellDimensions, "runtime" | "release" | "platform">): boolean {
  if (d.runtime !== "runsc" || d.platform !== "systrap") return true;
  const date = releaseDate(d.release);
  return date === "" || date < NEVER_FROZEN_SYSTRAP_FROM;
}

const permitFile = (runId: string): string => path.join(os.tmpdir(), `gvisor-conformance-freeze-${runId}`);

/** The owner of the run's cells: from now on, the worker may freeze idle cells. */
export function permitFreezing(runId: string): void {
  writeFileSync(permitFile(runId), `${process.pid}\n`);
}

/** The owner of the run's cells, before it thaws and removes them: no more freezing. Never throws. */
export function revokeFreezing(runId: string): void {
  rmSync(permitFile(runId), { force: true });
}

/** Why a cell stays thawed: each use counts, and a cell is frozen once no use is left for IDLE_MS. */
export class IdleFreezer {
  private readonly uses = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The cells this process may freeze (track): any other is only counted, never frozen. */
  private readonly tracked = new Set<string>();
  private permit: string | null = null;

  constructor(
    private readonly idleMs = 2_000,
    private readonly freeze: (id: string, frozen: boolean) => boolean = setFrozen,
  ) {}

  /** In the test worker: cells idle for idleMs are frozen while the run's permit lasts (not GVC_FREEZE_IDLE=0). */
  enableFreezing(env: NodeJS.ProcessEnv = process.env): void {
    this.permit = env.GVC_FREEZE_IDLE !== "0" && env.GVC_RUN_ID ? permitFile(env.GVC_RUN_ID) : null;
  }

  /** A cell this process will use and may freeze: frozen after idleMs unless a use begins first. */
  track(containerId: string): void {
    if (!containerId || this.tracked.has(containerId)) return;
    this.tracked.add(containerId);
    if ((this.uses.get(containerId) ?? 0) > 0 || this.timers.has(containerId)) return;
    this.uses.set(containerId, 1);
    this.leave(containerId);
  }

  /** A use begins: the cell is thawed now and stays so until every use has ended. */
  enter(containerId: string): void {
    if (!containerId) return;
    this.uses.set(containerId, (this.uses.get(containerId) ?? 0) + 1);
    clearTimeout(this.timers.get(containerId));
    this.timers.delete(containerId);
    if (isFrozen(containerId)) this.freeze(containerId, false);
  }

  leave(containerId: string): void {
    if (!containerId) return;
    const left = Math.max(0, (this.uses.get(containerId) ?? 1) - 1);
    this.uses.set(containerId, left);
    const permit = this.permit;
    if (left > 0 || permit === null || !this.tracked.has(containerId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(containerId);
      if ((this.uses.get(containerId) ?? 0) === 0 && existsSync(permit)) this.freeze(containerId, true);
    }, this.idleMs);
    timer.unref();
    this.timers.set(containerId, timer);
  }

  /** Runs fn as one use of the cell. */
  async during<T>(containerId: string, fn: () => Promise<T>): Promise<T> {
    this.enter(containerId);
    try {
      return await fn();
    } finally {
      this.leave(containerId);
    }
  }
}

/**
 * The process's one freezer: execs, probes and the k3s tier's clusters count their uses here. One per process,
 * not per module instance: vitest loads modules afresh for each test file, and a second instance's timer would
 * freeze a cell that the first knows is in use (seen: every cell frozen under running execs).
 */
const GLOBAL_KEY = Symbol.for("gvisor-conformance.idle-freezer");
const holder = globalThis as { [GLOBAL_KEY]?: IdleFreezer };
export const idleCells: IdleFreezer = (holder[GLOBAL_KEY] ??= new IdleFreezer());
