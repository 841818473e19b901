/**
 * Once per conformance run, before any test: validate findings and expectations, discover and start the cells,
 * observe them, refuse those that are not what they declare, and hand them to the test workers.
 */
import { reapOrphanProbesSync } from "./probe-processes.js";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ConfigError, declaredCells, selectCells } from "../env/declared-cells.js";
import { cellFilterFor, discoverRuntimes, extrasFromEnv } from "../env/discover.js";
import { findingsFilterProblem } from "../env/patterns.js";
import { sandboxStartSeconds, type BlockedCell } from "../finding/blocked-cell.js";
import { harnessVersion, hostInfo, runcV2BaselineUnavailable } from "../env/host-info.js";
import { declaredSandboxCgroup } from "../host/runsc-cgroup-variants.js";
import { currentK3sTier } from "../k3s/host-probes.js";
import { currentRunId, runDir } from "../report/run-dir.js";
import type { RunInfo } from "../report/results-schema.js";
import { managedContainers, reapOrphanRunsc, removeContainers } from "./cleanup.js";
import { permitFreezing } from "./idle-freezer.js";
import { mapSettled } from "./map-settled.js";
import { SandboxPool } from "./sandbox-pool.js";
import type { ProvidedCell } from "./provided-cell.js";
import { blockedProvidedCell, type StartOutcome } from "./start-cell.js";

/** Sandboxes started at once: more only slows each start on a 2-core host. */
const START_CONCURRENCY = 4;

/** Cells refused (not what they declare) or failing outside the bounded start: the run stops, no stack trace. */
class CellsFailedError extends Error {
  constructor(failures: unknown[]) {
    super([...new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))))].join("\n"));
    this.name = "CellsFailedError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

function say(message: string): void {
  process.stdout.write(`[conformance] ${message}\n`);
}

/** Leftovers of an earlier run that was killed: containers whose starting process is gone, orphan sandboxes. */
function sweepLeftovers(): void {
  let stale: string[] = [];
  try {
    stale = managedContainers(true);
  } catch (error) {
    say(`cannot list leftover containers: ${String(error)}`);
  }
  const report = removeContainers(stale);
  const orphans = reapOrphanRunsc();
  const probes = reapOrphanProbesSync();
  if (stale.length + orphans.length + probes > 0)
    say(
      `removed ${report.removed.length} leftover container(s), ${orphans.length} orphan runsc process(es), ` +
        `${probes} process(es) of orphan platform probes`,
    );
  if (report.failed.length > 0)
    say(`could not remove leftover container(s) ${report.failed.map((f) => f.id.slice(0, 12)).join(", ")}`);
}

function describeCell(cell: ProvidedCell, startMs: number): string {
  const o = cell.info.observation;
  const runtime = o.runscVersion
    ? `${o.runscVersion} (${o.platform ?? "?"})`
    : `runc, host kernel ${o.kernelRelease}`;
  return `✔ ${cell.id}: up in ${(startMs / 1000).toFixed(1)} s: ${runtime}; ${o.runcVersion}`;
}

/** A configuration error as vitest prints it: the message, no stack. */
function cleanError(error: unknown): unknown {
  if (error instanceof Error) error.stack = `${error.constructor.name}: ${error.message}`;
  return error;
}

/**
 * Starts every selected cell; returns the teardown. Call after the catalog is known to be valid. Cells that do
 * not come up within the start bound are blocked, not fatal; refused cells stop the run.
 */
export async function setupCells(
  project: TestProject,
  findingIds: readonly string[],
): Promise<() => Promise<void>> {
  const runId = currentRunId();
  const startedAt = new Date().toISOString();
  const startSeconds = sandboxStartSeconds();
  const findingsProblem = findingsFilterProblem(process.env.GVC_FINDINGS, findingIds);
  if (findingsProblem) throw cleanError(new ConfigError(findingsProblem));
  const runtimes = await discoverRuntimes();
  let cells;
  try {
    cells = selectCells(declaredCells(runtimes), cellFilterFor(process.env.GVC_CELLS, extrasFromEnv(), runtimes));
  } catch (error) {
    throw cleanError(error);
  }
  sweepLeftovers();
  const k3s = currentK3sTier();
  say(k3s.summary);
  say(`run ${runId}: starting ${cells.length} cell(s): ${cells.map((c) => c.id).join(", ")}`);
  say(`a sandbox not up within ${startSeconds} s (GVC_SANDBOX_START_SECONDS) blocks its cell`);
  const pool = new SandboxPool(runId);
  const teardown = async (): Promise<void> => {
    await pool.stopAll();
    say("all sandboxes stopped and removed");
  };
  try {
    // allSettled: a failed start must not tear down while sibling starts are still creating containers.
    // A runtime+image whose sandbox did not start once is not tried again in this run: its other cells are
    // blocked at once with the first one's evidence (a hanging runtime would otherwise cost a bound per cell).
    const failedStarts = new Map<string, { cellId: string; blocked: BlockedCell }>();
    const settled = await mapSettled(cells, START_CONCURRENCY, async (cell): Promise<StartOutcome> => {
      const key = `${cell.runtime.name} ${cell.image}`;
      const earlier = failedStarts.get(key);
      if (earlier) {
        const blocked: BlockedCell = {
          ...earlier.blocked,
          reason: `not tried: the sandbox of ${earlier.cellId} (same runtime and image) did not start: ${earlier.blocked.reason}`,
          waitedMs: 0,
        };
        say(`■ ${cell.id}: blocked: ${blocked.reason}`);
        return {
          kind: "blocked",
          provided: await blockedProvidedCell(cell, blocked),
          startMs: 0,
          containerIds: [],
        };
      }
      say(`▶ ${cell.id}: starting sandbox (runtime ${cell.runtime.name})`);
      const s = await pool.start(cell, startSeconds);
      if (s.kind === "started") {
        say(describeCell(s.provided, s.startMs));
        return s;
      }
      for (const id of s.containerIds) pool.forget(id);
      const blocked = s.provided.blocked as BlockedCell;
      if (blocked.phase === "starting the sandbox") failedStarts.set(key, { cellId: cell.id, blocked });
      say(`■ ${cell.id}: blocked after ${(s.startMs / 1000).toFixed(1)} s: ${blocked.reason}`);
      return s;
    });
    const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    if (failures.length > 0) throw new CellsFailedError(failures);
    const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const blockedCells = started.filter((s) => s.kind === "blocked");
    if (blockedCells.length > 0)
      say(
        `${blockedCells.length} of ${cells.length} cell(s) blocked: ${blockedCells.map((s) => s.provided.id).join(", ")}; their findings are reported blocked`,
      );
    permitFreezing(runId); // the worker freezes idle cells until teardown revokes it (idle-freezer.ts)
    project.provide(
      "cells",
      started.map((s) => s.provided),
    );
    // The cgroup v2 dimension: where the sandbox has a v2 variant, say why the runc baseline has none (or nothing).
    const v2Note = cells.some(
      (c) => c.runtime.kind === "runsc" && declaredSandboxCgroup(c.runtime.runtimeArgs) === "v2",
    )
      ? await runcV2BaselineUnavailable()
      : null;
    const info: Omit<RunInfo, "finishedAt"> & { startMs: Record<string, number> } = {
      id: runId,
      startedAt,
      harnessVersion: harnessVersion(),
      host: await hostInfo(),
      cells: started.map((s) => s.provided.info),
      notes: [
        ...(k3s.available ? [] : [k3s.summary]),
        ...(v2Note ? [v2Note] : []),
        ...blockedCells.map((s) => `cell ${s.provided.id} blocked: ${s.provided.info.blocked ?? ""}`),
      ],
      k3sTier: k3s.summary,
      startMs: Object.fromEntries(started.map((s) => [s.provided.id, s.startMs])),
    };
    mkdirSync(runDir(runId), { recursive: true });
    writeFileSync(path.join(runDir(runId), "run-info.json"), JSON.stringify(info, null, 2));
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
