/**
 * One cell's sandbox: started under its runtime, observed, and refused if it is not what it declares; all of it
 * within the start bound, else the cell is blocked (its processes ended, what the runtime said kept).
 */
import type { StartedTestContainer } from "testcontainers";
import { declaredPlatform, dimensionsOf, type Cell } from "../env/cell.js";
import { factsOf, sandboxCgroupFact } from "../env/cell-facts.js";
import { observeInside, observeSandboxProcess } from "../env/observe.js";
import { refusalMessage, verifyCell } from "../env/verify-cell.js";
import { blockedSummary, firstLine, type BlockedCell } from "../finding/blocked-cell.js";
import { imageExists } from "../host/base-image.js";
import { defaultPlatform } from "../host/runsc-binary.js";
import { imageId, sandboxImageTag } from "../host/sandbox-image.js";
import { sentryMmapRule, type SentryMmapRule } from "../host/sentry-seccomp.js";
import type { CellObservation } from "../report/results-schema.js";
import type { ProvidedCell } from "./provided-cell.js";
import { applyCgroupSetup } from "./cgroup-setup.js";
import { startFaker } from "./faker-daemon.js";
import { takeInventory } from "./inventory.js";
import { LABEL_CELL, LABEL_RUN } from "./labels.js";
import { platformProbeFor } from "./platform-probe.js";
import { SandboxContainer } from "./sandbox-container.js";
import { containersByLabels, dockerEvidence, forceRemove, hostEvidence } from "./stuck.js";

export class CellRefusedError extends Error {}

export interface StartedCell {
  provided: ProvidedCell;
  container: StartedTestContainer;
  startMs: number;
}

/** How a bounded start ended: up (observed, set up), or blocked with the runtime's evidence. */
export type StartOutcome =
  | ({ kind: "started" } & StartedCell)
  | { kind: "blocked"; provided: ProvidedCell; startMs: number; containerIds: string[] };

/** Where a start is, for the blocked message: the step that did not finish, and the container once known. */
export interface StartProgress {
  phase: string;
  containerId: string | null;
  /** Each exec of the start gets at most this (the time left in the bound). */
  execTimeoutMs: () => number;
}

/** Starts the container; the caller owns it (stop it even when this throws: `onContainer` hands it over). */
export async function startCell(
  cell: Cell,
  runId: string,
  onContainer: (container: StartedTestContainer) => void,
  progress: StartProgress = { phase: "", containerId: null, execTimeoutMs: () => 120_000 },
): Promise<StartedCell> {
  const tag = sandboxImageTag(cell.image);
  if (!(await imageExists(tag))) {
    throw new Error(
      `sandbox image ${tag} is missing (its inputs changed or setup never ran): run \`npm run setup\``,
    );
  }
  const t0 = performance.now();
  progress.phase = "starting the sandbox";
  const container = await new SandboxContainer(tag, cell, runId).start();
  onContainer(container);
  const startMs = Math.round(performance.now() - t0);
  const id = container.getId();
  progress.containerId = id;
  progress.phase = "observing the sandbox";
  const [inside, sandbox, mmapRule] = await Promise.all([
    observeInside(id, progress.execTimeoutMs()),
    observeSandboxProcess(id),
    sentryRuleOf(cell),
  ]);
  const observation = {
    ...inside.observation,
    runscVersion: sandbox?.versionLine ?? null,
    platform: sandbox?.platform ?? null,
  };
  const problems = verifyCell(cell, observation, sandbox);
  if (problems.length > 0) throw new CellRefusedError(refusalMessage(cell, problems));
  progress.phase = `cgroup setup ${cell.cgroupSetup}`;
  const cgroups = await applyCgroupSetup(id, cell.cgroupSetup, progress.execTimeoutMs());
  progress.phase = "syscall inventory";
  const inventory = await takeInventory(id, cgroups, sandbox?.platform ?? null, progress.execTimeoutMs());
  progress.phase = `starting faker ${cell.faker}`;
  const faker = await startFaker(id, cell.faker, sandboxCgroupFact(observation.cgroupMounts));
  const provided: ProvidedCell = {
    ...cell,
    containerId: id,
    info: {
      id: cell.id,
      dimensions: dimensionsOf(
        cell,
        sandbox?.platform ?? null,
        factsOf(observation, inventory.value, cell.runtime, {
          droppableMappings: sandbox?.droppableMappings ?? null,
          droppableMmap: mmapRule?.fact ?? "unknown",
        }),
      ),
      dockerRuntime: cell.runtime.name,
      image: { tag, id: await imageId(tag) },
      observation,
      cgroupControllers: cgroups.controllers,
      inventory: inventory.value,
    },
    observationEvidence: [
      ...inside.evidence.map((e) => ({ label: e.label, kind: "exec" as const, exec: e.exec })),
      { label: "runsc sandbox process on the host", kind: "json", json: sandbox },
      ...(mmapRule
        ? [
            {
              label: "runsc's seccomp rule for mmap on its sentry (runsc --debug do true)",
              kind: "text" as const,
              text: mmapRule.evidence,
            },
          ]
        : []),
      { label: `cgroup setup ${cell.cgroupSetup}`, kind: "exec", exec: cgroups.exec },
      { label: "syscall inventory", kind: "exec", exec: inventory.exec },
      ...faker.evidence.map((exec) => ({ label: `faker ${cell.faker}: start`, kind: "exec" as const, exec })),
    ],
  };
  return { provided, container, startMs };
}

/** The seccomp rule for mmap that a runsc cell's binary installs on its sentry; null for the runc baseline. */
function sentryRuleOf(cell: Cell): Promise<SentryMmapRule | null> {
  return cell.runtime.kind === "runsc"
    ? sentryMmapRule(cell.runtime.path, cell.runtime.runtimeArgs)
    : Promise.resolve(null);
}

/** The platform a runsc cell would run: its declared `--platform=`, else the binary's default. */
async function intendedPlatform(cell: Cell): Promise<string | null> {
  if (cell.runtime.kind !== "runsc") return null;
  const declared = declaredPlatform(cell.runtime.runtimeArgs);
  return declared ?? (await defaultPlatform(cell.runtime.path).catch(() => null)) ?? "unknown";
}

const NOT_OBSERVED: CellObservation = {
  runscVersion: null,
  platform: null,
  dmesgFirstLine: "",
  kernelRelease: "",
  cgroupMounts: [],
  imageSuite: "not observed",
  runcVersion: "not observed",
  containerdVersion: "not observed",
  crunVersion: "not observed",
};

/**
 * The ProvidedCell of a blocked cell: declared dimensions, no observation, the blocked record; its facts are
 * unknown but for the cgroup version inside the sandbox, which is the declared one.
 */
export async function blockedProvidedCell(cell: Cell, blocked: BlockedCell): Promise<ProvidedCell> {
  const tag = sandboxImageTag(cell.image);
  const platform = await intendedPlatform(cell);
  return {
    ...cell,
    containerId: "",
    info: {
      id: cell.id,
      dimensions: dimensionsOf(
        cell,
        platform,
        factsOf(null, null, cell.runtime, {
          droppableMappings: null,
          droppableMmap: (await sentryRuleOf(cell))?.fact ?? "unknown",
        }),
      ),
      dockerRuntime: cell.runtime.name,
      image: { tag, id: await imageId(tag).catch(() => "unknown") },
      observation: { ...NOT_OBSERVED, platform },
      blocked: blockedSummary(blocked),
    },
    observationEvidence: [],
    blocked,
  };
}

/**
 * startCell within `seconds` (start, observation, cgroup setup, inventory, faker). A start that does not finish
 * in time, or fails (a runtime error at start, a failed setup step), blocks the cell: the runtime's evidence is
 * gathered, the container's runsc and shim processes are ended and the container removed. A refusal (the cell
 * is not what it declares) is thrown as before.
 */
export async function startCellBounded(
  cell: Cell,
  runId: string,
  seconds: number,
  onContainer: (container: StartedTestContainer) => void,
): Promise<StartOutcome> {
  const t0 = performance.now();
  // A declared platform is probed first (once per runtime): one that does not work blocks the cell in seconds.
  const probe = cell.runtime.kind === "runsc" ? await platformProbeFor(cell.runtime) : null;
  if (probe && !probe.ok) {
    const waitedMs = Math.round(performance.now() - t0);
    const blocked: BlockedCell = {
      phase: "platform probe",
      reason: probe.reason,
      waitedMs,
      evidence: probe.evidence,
    };
    return {
      kind: "blocked",
      provided: await blockedProvidedCell(cell, blocked),
      startMs: waitedMs,
      containerIds: [],
    };
  }
  const deadline = Date.now() + seconds * 1000;
  const progress: StartProgress = {
    phase: "starting the sandbox",
    containerId: null,
    execTimeoutMs: () => Math.max(5_000, deadline - Date.now()),
  };
  const work = startCell(cell, runId, onContainer, progress);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), seconds * 1000);
  });
  let reason: string;
  try {
    const outcome = await Promise.race([work, timeout]);
    if (outcome !== "timeout") return { kind: "started", ...outcome };
    reason = `not up within ${seconds} s (GVC_SANDBOX_START_SECONDS), still ${progress.phase}`;
    // The start goes on in the background until its container is removed below: its end is not news.
    work.catch(() => undefined);
  } catch (error) {
    if (error instanceof CellRefusedError) throw error;
    reason = `${progress.phase} failed: ${firstLine(error)}`;
  } finally {
    clearTimeout(timer);
  }
  const phase = progress.phase;
  const labelled = await containersByLabels({ [LABEL_RUN]: runId, [LABEL_CELL]: cell.id });
  const ids = [...new Set([...(progress.containerId ? [progress.containerId] : []), ...labelled])];
  const evidence = hostEvidence(ids);
  const removal = await forceRemove(ids, async () => void evidence.push(...(await dockerEvidence(ids))));
  evidence.push({
    label: "what the harness ended",
    kind: "json",
    json: {
      killed: removal.killed.map(({ pid, role, state }) => ({ pid, role, state })),
      removed: removal.removed,
      notRemoved: removal.failed,
    },
  });
  const blocked: BlockedCell = { phase, reason, waitedMs: Math.round(performance.now() - t0), evidence };
  return {
    kind: "blocked",
    provided: await blockedProvidedCell(cell, blocked),
    startMs: Math.round(performance.now() - t0),
    containerIds: ids,
  };
}
