/** The decision of containerd/transfer-import-unpack, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";

/** What containerd 2's transfer service says when it has no platform to unpack for. */
export const NO_UNPACK_PLATFORMS = /no unpack platforms defined/;

/**
 * Holds when the import through the transfer service fails with "no unpack platforms defined"; does not hold when
 * it succeeds or fails otherwise; blocked when containerd or the image was never ready for it.
 */
export function judgeTransferImport(r: ContainerdTrials): ProbeResult {
  const version = r.containerdVersion || "containerd ?";
  const before = r.setup.find(
    (s) => s.step !== "import image" && s.exitCode !== 0 && !s.step.startsWith("fall back"),
  );
  const imported = r.setup.find((s) => s.step === "import image");
  if (!imported)
    return {
      verdict: "blocked",
      summary: before
        ? `never reached the import: ${before.step} failed: ${before.stderr.trim().slice(-240)}`
        : `the import did not run (${version})`,
    };
  const error = imported.stderr.trim().split("\n").at(-1) ?? "";
  if (imported.exitCode === 0)
    return {
      verdict: "does-not-hold",
      summary: `the image was imported and unpacked through the transfer service (${version})`,
    };
  if (NO_UNPACK_PLATFORMS.test(imported.stderr)) return { verdict: "holds", summary: `\`${error}\` (${version})` };
  return {
    verdict: "does-not-hold",
    summary: `the import failed, but not for its unpack platforms: ${error.slice(-240)} (${version})`,
  };
}
