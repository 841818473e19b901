import { describe, expect, test } from "vitest";
import type { ContainerdTrials } from "../../helpers/probes/containerd-trials.js";
import type { SetupStep } from "../../helpers/probes/containerd-trials-result.js";
import { judgeTransferImport } from "../../suites/containerd/judge-transfer-import.js";

const VERSION = "containerd github.com/containerd/containerd/v2 2.1.9+unknown";
const ok = (step: string): SetupStep => ({ step, argv: [step], exitCode: 0, stderr: "", ms: 5 });
const failed = (step: string, stderr: string): SetupStep => ({ step, argv: [step], exitCode: 1, stderr, ms: 5 });
const run = (setup: SetupStep[]): ContainerdTrials => ({
  containerdVersion: VERSION,
  mode: "rootfs",
  setup,
  blockedAt: null,
  degraded: [],
  trials: [],
  classes: {},
});
const READY = [
  ok("containerd --version"),
  ok("start containerd"),
  ok("make rootfs"),
  ok("build image"),
  ok("tar image"),
];

describe("containerd/transfer-import-unpack", () => {
  test("the import fails for its unpack platforms: holds, in containerd's words (recorded in the sandbox)", () => {
    const r = judgeTransferImport(
      run([
        ...READY,
        failed(
          "import image",
          "ctr: unable to initialize unpacker: no unpack platforms defined: invalid argument\n",
        ),
        ok("fall back to --rootfs"),
      ]),
    );
    expect(r).toEqual({
      verdict: "holds",
      summary: `\`ctr: unable to initialize unpacker: no unpack platforms defined: invalid argument\` (${VERSION})`,
    });
  });
  test("imported, or failed for another reason: does not hold", () => {
    expect(judgeTransferImport(run([...READY, ok("import image")])).verdict).toBe("does-not-hold");
    const other = judgeTransferImport(run([...READY, failed("import image", "ctr: mount: invalid argument")]));
    expect(other.verdict).toBe("does-not-hold");
    expect(other.summary).toMatch(/not for its unpack platforms: ctr: mount: invalid argument/);
  });
  test("containerd or the image never ready: blocked, with the step that failed", () => {
    const r = judgeTransferImport(
      run([ok("containerd --version"), failed("start containerd", "permission denied")]),
    );
    expect(r).toEqual({
      verdict: "blocked",
      summary: "never reached the import: start containerd failed: permission denied",
    });
  });
});
