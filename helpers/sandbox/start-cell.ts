/** One cell's sandbox: started under its runtime, observed, and refused if it is not what it declares. */
import type { StartedTestContainer } from "testcontainers";
import { dimensionsOf, type Cell } from "../env/cell.js";
import { observeInside, observeSandboxProcess } from "../env/observe.js";
import { refusalMessage, verifyCell } from "../env/verify-cell.js";
import { imageExists } from "../host/base-image.js";
import { imageId, sandboxImageTag } from "../host/sandbox-image.js";
import type { ProvidedCell } from "./provided-cell.js";
import { applyCgroupSetup } from "./cgroup-setup.js";
import { startFaker } from "./faker-daemon.js";
import { takeInventory } from "./inventory.js";
import { SandboxContainer } from "./sandbox-container.js";

export class CellRefusedError extends Error {}

export interface StartedCell {
  provided: ProvidedCell;
  container: StartedTestContainer;
  startMs: number;
}

/** Starts the container; the caller owns it (stop it even when this throws: `onContainer` hands it over). */
export async function startCell(
  cell: Cell,
  runId: string,
  onContainer: (container: StartedTestContainer) => void,
): Promise<StartedCell> {
  const tag = sandboxImageTag(cell.image);
  if (!(await imageExists(tag))) {
    throw new Error(
      `sandbox image ${tag} is missing (its inputs changed or setup never ran): run \`npm run setup\``,
    );
  }
  const t0 = performance.now();
  const container = await new SandboxContainer(tag, cell, runId).start();
  onContainer(container);
  const startMs = Math.round(performance.now() - t0);
  const id = container.getId();
  const [inside, sandbox] = await Promise.all([observeInside(id), observeSandboxProcess(id)]);
  const observation = {
    ...inside.observation,
    runscVersion: sandbox?.versionLine ?? null,
    platform: sandbox?.platform ?? null,
  };
  const problems = verifyCell(cell, observation, sandbox);
  if (problems.length > 0) throw new CellRefusedError(refusalMessage(cell, problems));
  const cgroups = await applyCgroupSetup(id, cell.cgroupSetup);
  const inventory = await takeInventory(id, cgroups, sandbox?.platform ?? null);
  const faker = await startFaker(id, cell.faker);
  const provided: ProvidedCell = {
    ...cell,
    containerId: id,
    info: {
      id: cell.id,
      dimensions: dimensionsOf(cell, sandbox?.platform ?? null),
      dockerRuntime: cell.runtime.name,
      image: { tag, id: await imageId(tag) },
      observation,
      cgroupControllers: cgroups.controllers,
      inventory: inventory.value,
    },
    observationEvidence: [
      ...inside.evidence.map((e) => ({ label: e.label, kind: "exec" as const, exec: e.exec })),
      { label: "runsc sandbox process on the host", kind: "json", json: sandbox },
      { label: `cgroup setup ${cell.cgroupSetup}`, kind: "exec", exec: cgroups.exec },
      { label: "syscall inventory", kind: "exec", exec: inventory.exec },
      ...faker.evidence.map((exec) => ({ label: `faker ${cell.faker}: start`, kind: "exec" as const, exec })),
    ],
  };
  return { provided, container, startMs };
}
