import { describe, expect, test } from "vitest";
import { hostFactsFor, platformProbeSeconds, probeReason } from "../../helpers/sandbox/platform-probe.js";
import { exitedReason } from "../../helpers/sandbox/sandbox-exited.js";
import { blockedVerdict, SANDBOX_ENDED_PHASE } from "../../helpers/finding/blocked-cell.js";

const argv = ["/opt/r/runsc", "--root=/tmp/p", "--network=none", "--platform=kvm", "do", "/bin/true"];
const end = { timedOut: false, exitCode: 0, stderr: "", ms: 812, boundMs: 15_000 };

describe("platform probe", () => {
  test("a trivial sandbox that ran: the platform works, with the time it took", () => {
    expect(probeReason("ptrace", argv, end, "")).toEqual({
      ok: true,
      reason: "platform ptrace: a trivial sandbox ran in 0.8 s",
    });
  });
  test("one that did not finish in the bound: killed, with what the host offers KVM", () => {
    const facts = hostFactsFor("kvm", "processor : 0\nflags : fpu vme sse2 vmx\n", true);
    expect(facts).toBe("/dev/kvm present; CPU virtualization flags: vmx");
    const r = probeReason("kvm", argv, { ...end, timedOut: true, exitCode: null, ms: 15_000 }, facts);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe(
      "platform kvm does not work here: `/opt/r/runsc --root=/tmp/p --network=none --platform=kvm do /bin/true` " +
        "did not finish within 15 s, killed (/dev/kvm present; CPU virtualization flags: vmx)",
    );
  });
  test("one that failed: its exit code and last line of stderr", () => {
    const r = probeReason(
      "kvm",
      argv,
      { ...end, exitCode: 128, stderr: "x\nerror: open /dev/kvm: no such file\n" },
      "",
    );
    expect(r).toMatchObject({ ok: false });
    expect(r.reason).toMatch(/exited 128: error: open \/dev\/kvm: no such file$/);
  });
  test("no CPU flags, no device; other platforms need no host facts", () => {
    expect(hostFactsFor("kvm", "flags : fpu sse2\n", false)).toBe(
      "/dev/kvm absent; CPU virtualization flags: none",
    );
    expect(hostFactsFor("ptrace", "", false)).toBe("");
  });
  test("the bound is configurable and must be a positive number", () => {
    expect(platformProbeSeconds({})).toBe(15);
    expect(platformProbeSeconds({ GVC_PLATFORM_PROBE_SECONDS: "4" })).toBe(4);
    expect(() => platformProbeSeconds({ GVC_PLATFORM_PROBE_SECONDS: "soon" })).toThrow(/positive number/);
  });
});

describe("a sandbox that ended during the run", () => {
  test("says its status, the signal behind 128+N, and when", () => {
    expect(exitedReason({ Running: false, ExitCode: 159, FinishedAt: "2026-12-02T06:29:32Z" })).toBe(
      "the cell's sandbox exited during the run (status 159 (128+31: killed by signal 31, SIGSYS), at 2026-12-02T06:29:32Z)",
    );
    expect(exitedReason({ Running: false, ExitCode: 1, OOMKilled: true, FinishedAt: "t" })).toBe(
      "the cell's sandbox exited during the run (status 1, OOM-killed, at t)",
    );
  });
  test("its findings carry that line as their summary", () => {
    const blocked = { phase: SANDBOX_ENDED_PHASE, reason: "the cell's sandbox exited", waitedMs: 3, evidence: [] };
    expect(blockedVerdict(blocked)).toMatchObject({ verdict: "blocked", summary: "the cell's sandbox exited" });
  });
});
