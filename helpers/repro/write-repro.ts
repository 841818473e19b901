/**
 * Writes `reports/<run>/repro/<finding>/<cell>/` for one verdict of a run: README.md, repro.sh, in-sandbox.mjs,
 * cell.json, config.json, sandbox-files/ and image.tar.gz. Checks everything it can before the slow steps
 * (the spec container, the image archive).
 */
import { cpSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { makeCell, type Runtime } from "../env/cell.js";
import { discoverRuntimes } from "../env/discover.js";
import { sandboxStartSeconds } from "../finding/blocked-cell.js";
import type { KubernetesBuildInfo } from "../host/kubernetes-build.js";
import { hostK3sProbes } from "../k3s/host-probes.js";
import { k3sTierRole } from "../k3s/tier-cells.js";
import { k3sTierStatus } from "../k3s/tier-status.js";
import { platformProbeSeconds } from "../sandbox/platform-probe.js";
import type { ResultsFile } from "../report/results-schema.js";
import { ALL_FINDINGS } from "../../suites/catalog.js";
import { isK3sFinding, runSettings } from "../../suites/probes.js";
import { bundleInSandbox, SANDBOX_FIXTURES } from "./bundle.js";
import { captureSpec } from "./capture-spec.js";
import { IN_SANDBOX_DIR, type ReproCellFile } from "./cell-file.js";
import {
  chooseImage,
  dockerImageId,
  linkInto,
  pruneUnlinked,
  savedImage,
  type ChosenImage,
} from "./image-archive.js";
import { sanitizeSpec } from "./oci-spec.js";
import { renderReadme } from "./readme.js";
import { renderReproScript } from "./repro-script.js";
import { ReproRequestError, resolveTarget, type ReproTarget } from "./request.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Files Docker binds into every container: the repro writes what Docker wrote there. */
const DOCKER_FILES = ["/etc/hosts", "/etc/hostname"];
/** fixtures/image/kubernetes/build-info.json, as Dockerfile.gvisor copies it into the image. */
const BUILD_INFO_IN_IMAGE = "/opt/gvisor-conformance/kubernetes/build-info.json";

export interface WrittenRepro {
  dir: string;
  target: ReproTarget;
  image: ChosenImage;
}

type RunscRuntime = Extract<Runtime, { kind: "runsc" }>;

async function runtimeOf(name: string): Promise<{ runtime: RunscRuntime; all: RunscRuntime[] }> {
  const all = (await discoverRuntimes()).flatMap((r) => (r.kind === "runsc" ? [r] : []));
  const runtime = all.find((r) => r.name === name);
  if (!runtime)
    throw new ReproRequestError(
      `the engine has no runtime ${name} now (npm run setup registers it): its runsc flags cannot be read`,
    );
  return { runtime, all };
}

/** The cell's role in the k3s tier (k3s findings only), checked before anything slow runs. */
function k3sRole(target: ReproTarget): "cluster" | "pods" | null {
  if (!isK3sFinding(target.finding.id)) return null;
  const role = k3sTierRole(target.cell.dimensions, undefined, target.cell.dockerRuntime);
  if (!role) throw new ReproRequestError(`${target.cell.id} is not a cell of the k3s tier (fixtures/cells.json)`);
  return role;
}

/**
 * The tier's decision as the harness makes it on this host, except that the `kubernetes` source is what the
 * image carries (its build-info.json): the image is what the repro runs, whichever checkout built it.
 */
function k3sTier(role: "cluster" | "pods", buildInfo: string | undefined): ReproCellFile["k3s"] {
  const inImage = buildInfo === undefined ? null : (JSON.parse(buildInfo) as KubernetesBuildInfo);
  const tier = k3sTierStatus(process.env, { ...hostK3sProbes, kubernetesBuild: () => inImage });
  if (!tier.available) throw new ReproRequestError(tier.summary);
  return { role, tier };
}

async function harnessCommit(): Promise<string | null> {
  const head = await execa("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, reject: false });
  if (head.exitCode !== 0) return null;
  const dirty = await execa("git", ["status", "--porcelain", "--untracked-files=no"], {
    cwd: ROOT,
    reject: false,
  });
  return `${head.stdout.trim()}${dirty.stdout.trim() === "" ? "" : " with uncommitted changes"}`;
}

export async function writeRepro(
  results: ResultsFile,
  resultsPath: string,
  findingId: string,
  cellId: string,
  say: (line: string) => void,
): Promise<WrittenRepro> {
  const target = resolveTarget(results, findingId, cellId, ALL_FINDINGS);
  const { cell, result } = target;
  const { runtime, all } = await runtimeOf(cell.dockerRuntime);
  const role = k3sRole(target);
  const image = await chooseImage(cell.image, cell.dimensions.image, dockerImageId);
  if (!image) throw new ReproRequestError(`neither ${cell.image.tag} nor ${cell.image.id} is in the engine`);
  say(`image: ${image.how}`);

  // Docker's spec does not depend on the runtime's flags: a cell whose runtime never started (a platform that
  // does not work here) gets the spec from its release's plain runtime.
  const specRuntime = cell.blocked
    ? (all.find((r) => r.name === `runsc-${cell.dimensions.release}`) ?? runtime)
    : runtime;
  say(`OCI spec: a throwaway container under ${specRuntime.name}`);
  const d = cell.dimensions;
  const specCell = makeCell(specRuntime, d.image, d.cgroupSetup, d.faker);
  const captured = await captureSpec(specCell, image.ref, DOCKER_FILES, role ? [BUILD_INFO_IN_IMAGE] : []);
  const { spec, changes } = sanitizeSpec(captured.spec);
  if (specRuntime !== runtime)
    changes.unshift(`captured under ${specRuntime.name}: ${runtime.name}'s sandbox did not start in the run`);
  const k3s = role ? k3sTier(role, captured.inside[BUILD_INFO_IN_IMAGE]) : null;

  const runDir = path.dirname(path.resolve(resultsPath));
  const dir = path.join(runDir, "repro", findingId, cellId);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, `sandbox-files${IN_SANDBOX_DIR}`), { recursive: true });
  mkdirSync(path.join(dir, "sandbox-files/etc"), { recursive: true });
  for (const [dest, text] of Object.entries(captured.files))
    writeFileSync(path.join(dir, "sandbox-files", dest), text);
  for (const rel of SANDBOX_FIXTURES)
    cpSync(path.join(ROOT, rel), path.join(dir, `sandbox-files${IN_SANDBOX_DIR}`, rel), { recursive: true });
  writeFileSync(path.join(dir, "config.json"), `${JSON.stringify(spec, null, 2)}\n`);
  const env = runSettings(findingId, result.stats);
  const cellFile: ReproCellFile = { runId: target.run.id, findingId, cell, runtime, env, k3s };
  writeFileSync(path.join(dir, "cell.json"), `${JSON.stringify(cellFile, null, 2)}\n`);
  say("in-sandbox.mjs: bundling the harness's probe");
  writeFileSync(path.join(dir, "in-sandbox.mjs"), await bundleInSandbox());
  const startSeconds = sandboxStartSeconds();
  const probeSeconds = platformProbeSeconds();
  const runscFlags = runtime.runtimeArgs;
  writeFileSync(
    path.join(dir, "repro.sh"),
    renderReproScript({
      findingId,
      cellId,
      runId: target.run.id,
      imageId: image.id,
      runscFlags,
      startSeconds,
      platformProbeSeconds: probeSeconds,
    }),
    { mode: 0o755 },
  );
  say(`image.tar.gz: docker save ${image.id.slice(0, 19)} (once per image, kept in repro/.images/)`);
  const cacheDir = path.join(runDir, "repro", ".images");
  const archive = await savedImage(image.id, cacheDir);
  linkInto(archive, path.join(dir, "image.tar.gz"));
  pruneUnlinked(cacheDir, archive);
  const readme = renderReadme({
    target,
    runtime: { name: runtime.name, runscFlags },
    image: { ...image, archiveBytes: statSync(archive).size },
    specChanges: changes,
    env,
    k3sTier: k3s?.tier.summary ?? null,
    startSeconds,
    platformProbeSeconds: probeSeconds,
    harnessCommit: await harnessCommit(),
  });
  writeFileSync(path.join(dir, "README.md"), readme);
  return { dir, target, image };
}
