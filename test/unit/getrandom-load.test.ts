import { describe, expect, test } from "vitest";
import { sentryGetrandomStateFact } from "../../helpers/env/cell-facts.js";
import { countDroppableMappings } from "../../helpers/env/observe.js";
import { parseSentryMmapRule } from "../../helpers/host/sentry-seccomp.js";
import { whyNoRepro } from "../../helpers/repro/request.js";
import { parseSeccompKills } from "../../helpers/sandbox/seccomp-kills.js";
import { judgeGetrandomLoad, type LoadTrial } from "../../suites/kernel/judge-getrandom.js";
import { loadScript } from "../../suites/kernel/getrandom-load.js";
import { fixtureResult } from "./fixtures/results-fixture.js";

// Boot logs of `runsc --debug do true`, recorded 2026-12-06 (lines shortened where marked).
const STUB = "D1206 13:46:43.853042       1 seccomp.go:696]     - Syscall    9: allow";
const INSTALL =
  "I1206 13:46:43.871766       1 seccomp.go:61] Installing seccomp filters for 87 syscalls (action=kill process)";
const INSTALLED = "I1206 13:46:43.887986       1 seccomp.go:89] Seccomp filters installed.";
const RULE_20250505 =
  "D1206 13:47:57.486124       1 seccomp.go:696]     - Syscall    9: {(arg[2] & 0x4 == 0x4) => kill process; ((arg[3].high == 0 && (arg[3].low == 0x1 || arg[3].low == 0x11 || arg[3].low == 0x2 || arg[3].low == 0x22 || arg[3].low == 0x20022 || arg[3].low == 0x4022 || (arg[2] == 0x3 && arg[3].low == 0x32)))) => allow}";
const RULE_20260520 =
  "D1206 13:48:01.509835       1 seccomp.go:819]     - Syscall    9: {(arg[2] & 0x4 == 0x4) => kill process; ((arg[3].high == 0 && (arg[3].low == 0x1 || arg[3].low == 0x11 || arg[3].low == 0x2 || arg[3].low == 0x22 || arg[3].low == 0x20022 || arg[3].low == 0x4022 || (arg[2] == 0x3 && arg[3].low == 0x32) || (arg[2] == 0x3 && arg[3].low == 0x28)))) => allow}";
const RULES_20221219 = [
  "D1206 13:47:49.423309   14264 seccomp.go:174] syscall filter mmap: [( * * & 0x4 == 0x4 )] => 0x6b696c",
  "D1206 13:47:49.423333   14264 seccomp.go:174] syscall filter mmap: [( * * * == 0x1 ) ( * * * == 0x11 ) ( * * * == 0x2 ) ( * * * == 0x22 ) ( * * * == 0x20022 ) ( * * * == 0x4022 ) ( * * == 0x3 == 0x32 )] => 0x616c6c6f77",
];
const KILL_RECORD =
  '[44634.228965] audit: type=1326 audit(1796564626.194:2): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=10498 comm="exe" exe="/opt/gvisor-conformance/runsc/20250505/runsc" sig=31 arch=c000003e syscall=9 compat=0 ip=0x496ee4 code=0x80000000';

describe("the sentry's seccomp rule for mmap, from runsc's debug log", () => {
  test("20250505's rule has no MAP_DROPPABLE|MAP_ANONYMOUS: refused; the stubs' filter before it does not count", () => {
    const r = parseSentryMmapRule([STUB, INSTALL, RULE_20250505, INSTALLED].join("\n"));
    expect(r.fact).toBe("refused");
    expect(r.evidence).toMatch(/^- Syscall {4}9: \{\(arg\[2\]/);
  });
  test("20260520's rule takes flags 0x28 with PROT_READ|PROT_WRITE: allowed", () => {
    expect(parseSentryMmapRule([STUB, INSTALL, RULE_20260520, INSTALLED].join("\n")).fact).toBe("allowed");
  });
  test("20221219's older format: refused (its allow list has no 0x28)", () => {
    const r = parseSentryMmapRule(
      ["syscall filter mmap: [] => 0x616c6c6f77", INSTALL, ...RULES_20221219].join("\n"),
    );
    expect(r.fact).toBe("refused");
    const allowing = RULES_20221219[1]?.replace("== 0x32 )]", "== 0x32 ) ( * * == 0x3 == 0x28 )]") ?? "";
    expect(parseSentryMmapRule([INSTALL, allowing].join("\n")).fact).toBe("allowed");
  });
  test("no installed filter, or no mmap rule in it: unknown, saying which", () => {
    expect(parseSentryMmapRule(STUB)).toEqual({
      fact: "unknown",
      evidence: 'no "Installing seccomp filters" line in the boot log',
    });
    expect(parseSentryMmapRule([INSTALL, INSTALLED].join("\n")).fact).toBe("unknown");
  });
});

describe("the sentry's vDSO getrandom state, from its smaps", () => {
  test("droppable mappings are counted by the dp flag only", () => {
    const smaps = [
      "7f0000000000-7f0000001000 rw-p 00000000 00:00 0",
      "VmFlags: rd wr mr mw me ac sd dp wf",
      "7f0000002000-7f0000003000 rw-p 00000000 00:00 0",
      "VmFlags: rd wr mr mw me dd sd",
    ].join("\n");
    expect(countDroppableMappings(smaps)).toBe(1);
    expect(countDroppableMappings("VmFlags: rd wr mr mw me sd")).toBe(0);
  });
  test("as a fact: mapped, none, or unknown when unread", () => {
    expect(sentryGetrandomStateFact(1)).toBe("mapped");
    expect(sentryGetrandomStateFact(0)).toBe("none");
    expect(sentryGetrandomStateFact(null)).toBe("unknown");
    expect(sentryGetrandomStateFact(undefined)).toBe("unknown");
  });
});

const trial = (over: Partial<LoadTrial> = {}): LoadTrial => ({
  source: "/dev/urandom",
  exitCode: 0,
  finished: true,
  peakThreads: 175,
  kills: [],
  output: "gvc-load-ended (0 writer(s) failed)",
  ...over,
});
const killed = (): LoadTrial =>
  trial({ exitCode: 159, finished: false, peakThreads: 72, kills: parseSeccompKills(KILL_RECORD), output: "" });
const bounds = { minThreads: 48 };

describe("judgeGetrandomLoad", () => {
  test("killed under the load: does not hold, with the rate, the syscall and the control", () => {
    const r = judgeGetrandomLoad([killed(), killed(), killed(), trial({ source: "/dev/zero" })], bounds);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("in 3 of 3 trial(s): status 159 (SIGSYS) after its threads reached 72");
    expect(r.summary).toContain("at syscall 9 (mmap)");
    expect(r.summary).toContain(
      "the control (the same load from /dev/zero, no getrandom) survived with 175 threads",
    );
    expect(r.stats).toEqual({ trials: 3, counts: { killed: 3, survived: 0 } });
  });
  test("a kill without a seccomp record still does not hold, and says the record is missing", () => {
    const r = judgeGetrandomLoad([trial({ exitCode: 159, finished: false })], bounds);
    expect(r.verdict).toBe("does-not-hold");
    expect(r.summary).toContain("no seccomp record of it");
  });
  test("survived the whole load at enough threads: holds", () => {
    const r = judgeGetrandomLoad([trial()], bounds);
    expect(r.verdict).toBe("holds");
    expect(r.summary).toBe(
      "the sandbox survived the getrandom load in 1 of 1 trial(s), its sentry at 175 threads",
    );
  });
  test("a load that never reached the threads measured nothing: blocked", () => {
    const r = judgeGetrandomLoad([trial({ peakThreads: 24 })], bounds);
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toContain("24 threads only (it needs 48");
  });
  test("a trial that could not start, a load that failed or did not end: blocked, never a verdict", () => {
    expect(
      judgeGetrandomLoad([trial({ startError: "docker run failed (exit 125): no such runtime" })], bounds),
    ).toEqual({
      verdict: "blocked",
      summary: "a trial could not run: docker run failed (exit 125): no such runtime",
    });
    const failed = judgeGetrandomLoad(
      [trial({ exitCode: 1, output: "gvc-load-ended (3 writer(s) failed)" })],
      bounds,
    );
    expect(failed.verdict).toBe("blocked");
    expect(failed.summary).toContain("the load itself failed (exit 1)");
    expect(judgeGetrandomLoad([trial({ exitCode: null, finished: false })], bounds).verdict).toBe("blocked");
  });
});

describe("the load and its repro", () => {
  test("the workload writes with fsync from the source and ends with its last line", () => {
    const s = loadScript("/dev/zero", 3, 2);
    expect(s).toContain("end=$((SECONDS+2)); for i in $(seq 1 3)");
    expect(s).toContain("dd if=/dev/zero of=/data/f$i bs=64k count=1 conv=fsync");
    expect(s).toContain('echo "gvc-load-ended ($failed writer(s) failed)"');
  });
  test("npm run repro refuses it, saying how it is reproduced instead", () => {
    const result = fixtureResult("kernel/survives-getrandom-load", "runsc-20250505.bookworm.native.no-faker", {
      verdict: "does-not-hold",
    });
    expect(whyNoRepro(result, undefined)).toMatch(/probe starts a sandbox of its own per trial from the host/);
  });
});
