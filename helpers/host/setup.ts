/** Host setup, idempotent: Docker engine, gVisor releases as Docker runtimes, base and sandbox images. */
import os from "node:os";
import { bundleBenchDriver, bundleFaker } from "../../faker/build.js";
import { IMAGE_SUITES } from "../env/cell.js";
import { ensureBaseImage } from "./base-image.js";
import { aptInstall, commandExists } from "./debian.js";
import { ensureDockerInstalled, ensureDockerRootTraversable, ensureDockerRunning } from "./docker-engine.js";
import { registrationFor, type ExtraRunsc } from "./extra-runsc.js";
import { log, step } from "./progress.js";
import { ensureRunscRelease, readReleasesFile } from "./runsc-install.js";
import {
  readRuntimesState,
  registerRuntimes,
  runtimeNameFor,
  staleReleaseRuntimes,
  unregisterRuntimes,
  type RuntimeRegistration,
} from "./runtime-registry.js";
import { ensureK3sTierSource } from "./k3s-tier-setup.js";
import { ensureOciRuntimeBuilds } from "./oci-runtime-builds.js";
import { platformRegistrations, readPlatformsFile } from "./runsc-platforms.js";
import { ensureRunscSourceReleases } from "./runsc-source-build.js";
import { sandboxCgroupRegistrations } from "./runsc-cgroup-variants.js";
import { releaseOfRuntimeName } from "./runsc-binary.js";
import { ensureSandboxImage } from "./sandbox-image.js";

export interface SetupOptions {
  extraRunsc: ExtraRunsc[];
}

export async function runSetup(options: SetupOptions): Promise<RuntimeRegistration[]> {
  const t0 = Date.now();
  if (os.platform() !== "linux") throw new Error("gVisor runs on Linux only: run this harness on a Linux host");
  await step("Docker engine installed", ensureDockerInstalled);
  await step("Docker engine running", ensureDockerRunning);
  // The faker benchmark runs the log's bash faker on the host too, and it needs inotifywait.
  await step("inotify-tools on the host (bench:faker)", async () => {
    if (await commandExists("inotifywait")) return;
    await aptInstall(["inotify-tools"]).catch((e: Error) =>
      log(`inotify-tools not installed (${e.message}): bench:faker cannot run the bash faker on the host`),
    );
  });
  // `npm run repro:check` checks every repro.sh it generates with Debian's shellcheck.
  await step("shellcheck on the host (repro:check)", async () => {
    if (await commandExists("shellcheck")) return;
    await aptInstall(["shellcheck"]).catch((e: Error) =>
      log(`shellcheck not installed (${e.message}): repro:check cannot lint the repro scripts it writes`),
    );
  });
  const { releases, runtimeArgs } = readReleasesFile();
  const registrations: RuntimeRegistration[] = [];
  for (const spec of releases) {
    const binary = await step(`gVisor ${spec.release} (${spec.aptPackage})`, () => ensureRunscRelease(spec));
    registrations.push({ name: runtimeNameFor(spec.release, []), path: binary, runtimeArgs });
  }
  // Current gVisor releases no registry ships as a binary: built from gVisor's Go module, cached.
  const built = await step("gVisor releases built from source (fixtures/runsc-source-releases.json)", () =>
    ensureRunscSourceReleases(),
  );
  for (const b of built) registrations.push({ name: runtimeNameFor(b.release, []), path: b.binary, runtimeArgs });
  // Platform as a dimension: the same binaries under --platform=<p> (fixtures/runsc-platforms.json).
  const platforms = platformRegistrations(readPlatformsFile(), registrations);
  if (platforms.missing.length > 0)
    log(`platform variants skipped: release ${platforms.missing.join(", ")} is not registered on this host`);
  registrations.push(...platforms.registrations);
  // cgroup v2 inside the sandbox as a dimension: a variant of every build whose runsc has the flag (probed).
  const v2 = await step("cgroup v2 inside the sandbox: variants of the builds whose runsc has the flag", () =>
    sandboxCgroupRegistrations(registrations, releaseOfRuntimeName),
  );
  log(
    v2.length > 0
      ? `cgroup v2 variants: ${v2.map((r) => r.name).join(", ")}`
      : "cgroup v2 variants: none (no registered runsc has --in-sandbox-cgroup or --mount-cgroup-v2)",
  );
  registrations.push(...v2);
  for (const extra of options.extraRunsc) {
    const taken = new Map(registrations.map((r) => [r.name, r.path]));
    registrations.push(await step(`runsc ${extra.path}`, () => registrationFor(extra, runtimeArgs, taken)));
  }
  await step("Docker runtimes registered", () => registerRuntimes(registrations));
  // A runtime an earlier setup registered as a default one and this one no longer does (a variant that moved to
  // a newer build, a build no longer pinned) would keep running by default: removed, and said.
  const stale = staleReleaseRuntimes(readRuntimesState(), registrations);
  if (stale.length > 0)
    await step(`stale runtimes removed (${stale.join(", ")})`, async () => {
      await unregisterRuntimes(stale);
    });
  // Checked every time: the root was found at 0710 once, which kills every 20221219 sandbox at start.
  await step("Docker root traversable (gVisor 20221219's sandbox runs as nobody)", ensureDockerRootTraversable);
  // Deterministic bundles: the images' input hash changes only when the faker's code does.
  await step("cgroup faker bundled into the image context", () =>
    Promise.all([bundleFaker(), bundleBenchDriver()]),
  );
  // Before the images: a source built from source lands in their build context.
  await step("k3s tier: cluster source", () => ensureK3sTierSource());
  // OCI runtimes beside runc that no Debian package ships (youki): built with cargo, into the images' context.
  const ociBuilds = await step("OCI runtimes built from crates (fixtures/oci-runtimes.json)", () =>
    ensureOciRuntimeBuilds(),
  );
  for (const b of ociBuilds) log(`  ${b.name}: ${b.status} (${b.detail})`);
  for (const suite of IMAGE_SUITES) {
    await step(`base image (${suite})`, () => ensureBaseImage(suite));
    await step(`sandbox image (${suite})`, () => ensureSandboxImage(suite));
  }
  log(
    `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: runtimes ${registrations.map((r) => r.name).join(", ")}`,
  );
  return registrations;
}
