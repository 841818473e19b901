/**
 * The entry of a repro folder's `in-sandbox.mjs` (bundled by helpers/repro/bundle.ts, run by repro.sh through
 * `runsc exec` inside the cell's sandbox). It is the harness itself, not a second implementation: every probe
 * step runs right here instead of through `docker exec` (setSandboxExecutor), the cell starts with the same
 * functions as the harness's cell start (helpers/sandbox/start-cell.ts: cgroup setup, syscall inventory,
 * faker, within the same bound), and the finding's own probe and judge decide. It prints the evidence, the
 * summary, and last `VERDICT: holds | does-not-hold | blocked`. Exit 0 with a verdict; 1 when the probe failed
 * (the harness records no verdict then); 2 for bad arguments.
 */
import { readFileSync } from "node:fs";
import { dimensionsOf } from "../env/cell.js";
import { factsOf, sandboxCgroupFact } from "../env/cell-facts.js";
import { setHostSide } from "../env/host-side.js";
import { observeInside } from "../env/observe.js";
import { refusalMessage, verifyCell } from "../env/verify-cell.js";
import { sandboxStartSeconds } from "../finding/blocked-cell.js";
import { ProbeContext, type ProbeResult } from "../finding/probe.js";
import { useK3sTier } from "../k3s/host-probes.js";
import { applyCgroupSetup } from "../sandbox/cgroup-setup.js";
import { setSandboxExecutor, type SandboxExecutor } from "../sandbox/exec.js";
import { startFaker } from "../sandbox/faker-daemon.js";
import { takeInventory } from "../sandbox/inventory.js";
import type { ProvidedCell } from "../sandbox/provided-cell.js";
import { probeFor } from "../../suites/probes.js";
import { IN_SANDBOX_DIR, type ReproCellFile } from "./cell-file.js";
import { hostSideFrom, parseHostFacts, type HostFacts } from "./host-facts.js";
import { localExec } from "./local-exec.js";
import { renderEvidence, renderVerdict } from "./print-evidence.js";

/** The container id the probes pass around: ignored by the local executor. */
const HERE = "repro-sandbox";

const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Each step as it ends, on stderr: progress while a long probe runs (the evidence follows at the end). */
const announcing =
  (run: SandboxExecutor): SandboxExecutor =>
  async (argv, options) => {
    const r = await run(argv, options);
    const shown = argv.join(" ").replace(/\s+/g, " ");
    process.stderr.write(
      `[repro] ${shown.length > 110 ? `${shown.slice(0, 107)}...` : shown}: exit ${r.exitCode}\n`,
    );
    return r;
  };

const pick = ({ image, cgroupSetup, faker }: ReproCellFile["cell"]["dimensions"]) => ({
  image,
  cgroupSetup,
  faker,
});

/** The harness's cell start, step by step, in this sandbox; the phase names are the harness's. */
async function startCell(file: ReproCellFile, host: HostFacts, phase: { now: string }): Promise<ProvidedCell> {
  const { cell: info, runtime } = file;
  const cell = { id: info.id, runtime, ...pick(info.dimensions) };
  phase.now = "observing the sandbox";
  const inside = await observeInside(HERE);
  const observation = {
    ...inside.observation,
    runscVersion: host.sandboxProcess?.versionLine ?? null,
    platform: host.sandboxProcess?.platform ?? null,
  };
  const problems = verifyCell(cell, observation, host.sandboxProcess);
  // Not a refusal here: a repro is also run with other runsc binaries than the run's, which is worth knowing.
  if (problems.length > 0)
    say(`note: ${refusalMessage(cell, problems).replace("refused: ", "differs from the run: ")}`);
  phase.now = `cgroup setup ${cell.cgroupSetup}`;
  const cgroups = await applyCgroupSetup(HERE, cell.cgroupSetup);
  phase.now = "syscall inventory";
  const inventory = await takeInventory(HERE, cgroups, observation.platform);
  phase.now = `starting faker ${cell.faker}`;
  await startFaker(HERE, cell.faker, sandboxCgroupFact(observation.cgroupMounts));
  return {
    ...cell,
    containerId: HERE,
    info: {
      ...info,
      dimensions: dimensionsOf(cell, observation.platform, factsOf(observation, inventory.value, runtime)),
      observation,
      cgroupControllers: cgroups.controllers,
      inventory: inventory.value,
    },
    observationEvidence: [],
  };
}

/** startCell within the harness's start bound; null (and the reason printed) when the cell did not come up. */
async function startBounded(file: ReproCellFile, host: HostFacts): Promise<ProvidedCell | null> {
  const seconds = sandboxStartSeconds();
  const phase = { now: "observing the sandbox" };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">(
    (resolve) => (timer = setTimeout(() => resolve("timeout"), seconds * 1000)),
  );
  try {
    const outcome = await Promise.race([startCell(file, host, phase), timeout]);
    if (outcome !== "timeout") return outcome;
    say(`cell did not start (${phase.now}): not up within ${seconds} s (GVC_SANDBOX_START_SECONDS)`);
  } catch (error) {
    say(`cell did not start (${phase.now}): ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  return null;
}

async function main(argv: readonly string[]): Promise<number> {
  let host: HostFacts;
  try {
    host = parseHostFacts(argv);
  } catch (error) {
    process.stderr.write(`in-sandbox.mjs: ${(error as Error).message}\n`);
    return 2;
  }
  const file = JSON.parse(readFileSync(`${IN_SANDBOX_DIR}/cell.json`, "utf8")) as ReproCellFile;
  Object.assign(process.env, file.env);
  setSandboxExecutor(announcing(localExec));
  setHostSide(hostSideFrom(host));
  if (file.k3s) useK3sTier(file.k3s.tier);
  say(`== ${file.findingId} in ${file.cell.id} (run ${file.runId}): starting the cell`);
  const cell = await startBounded(file, host);
  if (!cell) {
    say("VERDICT: blocked");
    return 0;
  }
  say(`== the cell is up; running the probe of ${file.findingId}`);
  const { probe, stop } = probeFor(file.findingId, cell, file.k3s?.role ?? null);
  const ctx = new ProbeContext(cell);
  let result: ProbeResult;
  try {
    result = await probe(ctx);
  } catch (error) {
    say(renderEvidence(ctx.evidence.items));
    say(`the probe failed (the harness records no verdict then): ${error instanceof Error ? error.stack : error}`);
    return 1;
  } finally {
    await stop(); // before the verdict, which is the last line
  }
  say(`== evidence (${ctx.evidence.items.length} items)`);
  say(renderEvidence(ctx.evidence.items));
  say(renderVerdict(result));
  return 0;
}

// Explicit exit: what the probe started in the sandbox (the faker, a timed-out step) must not hold this process.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`in-sandbox.mjs: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
