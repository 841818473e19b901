/**
 * Once per conformance run, before any test: validate findings and expectations, discover and start the cells,
 * observe them, refuse those that are not what they declare, and hand them to the test workers.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { declaredCells, selectCells } from "../env/declared-cells.js";
import { discoverRuntimes } from "../env/discover.js";
import { harnessVersion, hostInfo } from "../env/host-info.js";
import { currentK3sTier } from "../k3s/host-probes.js";
import { currentRunId, runDir } from "../report/run-dir.js";
import type { RunInfo } from "../report/results-schema.js";
import { managedContainers, reapOrphanRunsc, removeContainers } from "./cleanup.js";
import { mapSettled } from "./map-settled.js";
import { SandboxPool } from "./sandbox-pool.js";

/** Sandboxes started at once: more only slows each start on a 2-core host. */
const START_CONCURRENCY = 4;
import type { ProvidedCell } from "./provided-cell.js";

class CellsFailedError extends Error {
  constructor(failures: unknown[]) {
    super([...new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))))].join("\n"));
    this.name = "CellsFailedError";
  }
}

function say(message: string): void {
  process.stdout.write(`[conformance] ${message}\n`);
}

/** Leftovers of an earlier run that was killed: containers whose starting process is gone, orphan sandboxes. */
function sweepLeftovers(): void {
  const stale = managedContainers(true);
  removeContainers(stale);
  const orphans = reapOrphanRunsc();
  if (stale.length + orphans.length > 0)
    say(`removed ${stale.length} leftover container(s), ${orphans.length} orphan runsc process(es)`);
}

function describeCell(cell: ProvidedCell, startMs: number): string {
  const o = cell.info.observation;
  const runtime = o.runscVersion
    ? `${o.runscVersion} (${o.platform ?? "?"})`
    : `runc, host kernel ${o.kernelRelease}`;
  return `✔ ${cell.id}: up in ${(startMs / 1000).toFixed(1)} s: ${runtime}; ${o.runcVersion}`;
}

/** Starts every selected cell; returns the teardown. Call after the catalog is known to be valid. */
export async function setupCells(project: TestProject): Promise<() => Promise<void>> {
  const runId = currentRunId();
  const startedAt = new Date().toISOString();
  sweepLeftovers();
  const cells = selectCells(declaredCells(await discoverRuntimes()), process.env.GVC_CELLS);
  const k3s = currentK3sTier();
  say(k3s.summary);
  say(`run ${runId}: starting ${cells.length} cell(s): ${cells.map((c) => c.id).join(", ")}`);
  const pool = new SandboxPool(runId);
  const teardown = async (): Promise<void> => {
    await pool.stopAll();
    say("all sandboxes stopped and removed");
  };
  try {
    // allSettled: a failed start must not tear down while sibling starts are still creating containers.
    const settled = await mapSettled(cells, START_CONCURRENCY, async (cell) => {
      say(`▶ ${cell.id}: starting sandbox (runtime ${cell.runtime.name})`);
      const s = await pool.start(cell);
      say(describeCell(s.provided, s.startMs));
      return s;
    });
    const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    if (failures.length > 0) throw new CellsFailedError(failures);
    const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    project.provide(
      "cells",
      started.map((s) => s.provided),
    );
    const info: Omit<RunInfo, "finishedAt"> & { startMs: Record<string, number> } = {
      id: runId,
      startedAt,
      harnessVersion: harnessVersion(),
      host: await hostInfo(),
      cells: started.map((s) => s.provided.info),
      notes: k3s.available ? [] : [k3s.summary],
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
