import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CGROUPS_PATH_PLACEHOLDER, sanitizeSpec, type OciSpec } from "../../helpers/repro/oci-spec.js";
import { errorTexts, renderReadme, type ReadmeInput } from "../../helpers/repro/readme.js";
import { renderReproScript } from "../../helpers/repro/repro-script.js";
import { resolveTarget } from "../../helpers/repro/request.js";
import { ALL_FINDINGS } from "../../suites/catalog.js";
import { execEvidence, fixtureCell, fixtureResult, fixtureResults } from "./fixtures/results-fixture.js";

const ID = "e778d5cb7182bf3f96516d0883af08e618a3801de51c56bca1ec374471fccfa8";
/** The shape of what Docker 20.10 wrote for a privileged runsc container here (trimmed). */
const dockerSpec = (): OciSpec => ({
  ociVersion: "1.0.2-dev",
  process: { args: ["sleep", "infinity"], env: [`HOSTNAME=${ID.slice(0, 12)}`], cwd: "/" },
  root: { path: `/var/lib/docker/overlay2/${"f".repeat(64)}/merged` },
  hostname: ID.slice(0, 12),
  mounts: [
    { destination: "/proc", type: "proc", source: "proc" },
    { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup" },
    ...["resolv.conf", "hostname", "hosts"].map((f) => ({
      destination: `/etc/${f}`,
      type: "bind",
      source: `/var/lib/docker/containers/${ID}/${f}`,
      options: ["rbind", "rprivate"],
    })),
    { destination: "/data", type: "bind", source: "/srv/data" },
  ],
  hooks: { prestart: [{ path: "/proc/18460/exe", args: ["libnetwork-setkey"] }] },
  linux: {
    cgroupsPath: `/docker/${ID}`,
    namespaces: [{ type: "mount" }, { type: "network", path: "/var/run/docker/netns/abc" }],
    sysctl: { "net.ipv4.ping_group_range": "0 2147483647" },
  },
});

describe("sanitizeSpec", () => {
  const { spec, changes } = sanitizeSpec(dockerSpec());
  test("keeps Docker's spec but for what names Docker's own state", () => {
    expect(spec.root).toEqual({ path: "rootfs" });
    expect(spec.hooks).toBeUndefined();
    expect(spec.mounts?.map((m) => m.destination)).toEqual(["/proc", "/sys/fs/cgroup", "/data"]);
    expect(spec.linux?.cgroupsPath).toBe(CGROUPS_PATH_PLACEHOLDER);
    expect(spec.linux?.namespaces).toEqual([{ type: "mount" }, { type: "network" }]);
    expect(spec.linux?.sysctl).toEqual(dockerSpec().linux?.sysctl);
    expect(spec.process).toEqual({ ...dockerSpec().process, args: ["sleep", "infinity"] });
    expect(spec.hostname).toBe(ID.slice(0, 12));
  });
  test("says what it changed, and leaves its input alone", () => {
    expect(changes.join("\n")).toMatch(
      /root\.path[\s\S]*hooks[\s\S]*\/etc\/resolv\.conf, \/etc\/hostname, \/etc\/hosts[\s\S]*cgroupsPath/,
    );
    expect(JSON.stringify(spec)).not.toContain("/var/lib/docker");
    const input = dockerSpec();
    sanitizeSpec(input);
    expect(input).toEqual(dockerSpec());
  });
});

const cell = fixtureCell({
  release: "20240729",
  platform: "systrap",
  cgroupSetup: "overlay-memory",
  faker: "poll",
});
const results = fixtureResults(
  [cell],
  [
    fixtureResult("faker/polling-loses-race", cell.id, {
      verdict: "holds",
      summary: "5 of 5 trials cgroup-procs-enoent",
      stats: { trials: 5, counts: { "cgroup-procs-enoent": 5 } },
      evidence: [
        execEvidence(["node", "runc-trials.mjs"], 0, "{}"),
        {
          label: "raw example: cgroup-procs-enoent",
          kind: "text",
          text: "open /sys/fs/cgroup/memory/k8s.io/x/cgroup.procs: no such file or directory",
        },
        execEvidence(["umount", "/x"], 32, "", "umount: /x: not mounted.\n", "unmount"),
      ],
    }),
  ],
);
const input: ReadmeInput = {
  target: resolveTarget(results, "faker/polling-loses-race", cell.id, ALL_FINDINGS),
  runtime: { name: "runsc-20240729", runscFlags: ["--network=none"] },
  image: {
    ref: "gvisor-conformance:bookworm",
    id: "sha256:0123456789ab",
    how: "the run's image",
    archiveBytes: 4.2e8,
  },
  specChanges: ["root.path: rootfs"],
  env: { GVC_RUNC_TRIALS: "5" },
  k3sTier: null,
  startSeconds: 90,
  platformProbeSeconds: 15,
  harnessCommit: "0123456789ab",
};

describe("renderReadme: what the issue asks a README to say", () => {
  const readme = renderReadme(input);
  test("the claim, the expected and observed verdicts", () => {
    expect(readme).toContain(input.target.finding.claim);
    expect(readme).toMatch(/\| observed in the run \| \*\*holds\*\* \|/);
    expect(readme).toMatch(/\| expected \| holds \(default/);
  });
  test("the platform probe step only for a runtime that names its platform", () => {
    expect(readme).not.toContain("checks the platform first");
    const kvm = renderReadme({
      ...input,
      runtime: { name: "runsc-x-platform-kvm", runscFlags: ["--platform=kvm"] },
    });
    expect(kvm).toMatch(
      /0\. checks the platform first.*`runsc --platform=kvm do\n {3}\/bin\/true` must end within 15 s/s,
    );
  });
  test("gVisor release and platform, runc and containerd versions, the host kernel", () => {
    expect(readme).toMatch(/release-20240729\.0: release 20240729, platform systrap/);
    expect(readme).toMatch(/\| runc in the sandbox \| 1\.1\.5 \|/);
    expect(readme).toMatch(/\| containerd in the sandbox \| 1\.6\.20 \|/);
    expect(readme).toMatch(/\| host kernel \(the run's\) \| 6\.1\.0-23-amd64 \|/);
  });
  test("the exact error text, verbatim, and how to run the repro", () => {
    expect(readme).toContain("open /sys/fs/cgroup/memory/k8s.io/x/cgroup.procs: no such file or directory");
    expect(readme).toContain("umount: /x: not mounted.");
    expect(readme).toContain("sudo ./repro.sh /path/to/runsc");
    expect(readme).toContain("`GVC_RUNC_TRIALS=5`");
    expect(readme).toMatch(/trials \| 5: \{"cgroup-procs-enoent":5\}/);
  });
  test("errorTexts: raw examples and failed steps' stderr, nothing from steps that succeeded", () => {
    expect(errorTexts(input.target.result.evidence).map((e) => e.label)).toEqual([
      "raw example: cgroup-procs-enoent",
      "unmount (exit 32)",
    ]);
  });
});

describe("renderReproScript", () => {
  const input0 = {
    findingId: "runc/enoent-without-files",
    cellId: "runsc-20260520-platform-ptrace.bookworm.native.no-faker",
    runId: "2026-12-02T14-37-17Z",
    imageId: "sha256:0123456789ab",
    runscFlags: ["--network=none", "--platform=ptrace"],
    startSeconds: 90,
    platformProbeSeconds: 15,
  };
  const script = renderReproScript(input0);
  // With a platform step (the ptrace variant) and without one (the release's own runtime).
  const plain = renderReproScript({ ...input0, runscFlags: ["--network=none"] });
  const dir = mkdtempSync(path.join(os.tmpdir(), "gvc-repro-script-"));
  const files = [path.join(dir, "platform.sh"), path.join(dir, "plain.sh")];
  writeFileSync(files[0] ?? "", script);
  writeFileSync(files[1] ?? "", plain);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  test("runs runsc with the runtime's flags and passes the host's facts in", () => {
    expect(script).toContain(`"$RUNSC" --root "$STATE" --network=none --platform=ptrace run --detach`);
    expect(script).toContain(`sed "s|${CGROUPS_PATH_PLACEHOLDER}|/$SANDBOX_ID|"`);
    expect(script).toMatch(/trap cleanup EXIT\ntrap 'cleanup; exit 130' INT\ntrap 'cleanup; exit 143' TERM/);
    expect(script).toContain('echo "VERDICT: blocked"');
  });
  test("a runtime that names its platform: the harness's platform probe comes first, bounded", () => {
    const probe = `TMPDIR=$TMP timeout -s KILL 15 "$RUNSC" --root "$PROBE_ROOT" --network=none --platform=ptrace "do" /bin/true`;
    expect(script).toContain(probe);
    expect(script.indexOf(probe)).toBeLessThan(script.indexOf('echo "== the image"'));
    expect(plain).not.toContain('"do" /bin/true');
    expect(plain).not.toContain("PROBE_ROOT");
  });
  test("is valid sh", () => {
    for (const file of files) expect(spawnSync("sh", ["-n", file]).status).toBe(0);
  });
  const shellcheck = spawnSync("shellcheck", ["--version"]).status === 0;
  test.skipIf(!shellcheck)(
    "passes shellcheck, with and without a platform step (npm run setup installs it)",
    () => {
      for (const file of files) {
        try {
          execFileSync("shellcheck", [file], { encoding: "utf8" });
        } catch (error) {
          throw new Error(`${path.basename(file)}: ${(error as { stdout?: string }).stdout ?? String(error)}`);
        }
      }
    },
  );
});
