import { describe, expect, test } from "vitest";
import { exitedReason } from "../../helpers/sandbox/sandbox-exited.js";
import { parseSeccompKills, sandboxKills, syscallName } from "../../helpers/sandbox/seccomp-kills.js";

// Records as this host's kernel logs them (the first one made on purpose: a strict-mode seccomp kill of python).
const LOG = [
  "[13329.333699] docker0: port 1(veth0b818bf) entered disabled state",
  '[13349.444839] audit: type=1326 audit(1796533341.408:1): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=22001 comm="python3" exe="/root/.pyenv/versions/3.11.7/bin/python3.11" sig=9 arch=c000003e syscall=110 compat=0 ip=0x7f13254f34f7 code=0x0',
  '[14001.000001] audit: type=1326 audit(1796534000.250:2): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=4242 comm="exe" exe="/opt/gvisor-conformance/runsc/20250505/runsc" sig=31 arch=c000003e syscall=435 compat=0 ip=0x4b1c2e code=0x80000000',
].join("\n");

describe("the host kernel's seccomp records: which syscall killed a sandbox", () => {
  test("every record is read with its time, process, signal and syscall (named on x86_64)", () => {
    const kills = parseSeccompKills(LOG);
    expect(kills).toHaveLength(2);
    expect(kills[1]).toMatchObject({
      atMs: 1796534000250,
      pid: 4242,
      comm: "exe",
      exe: "/opt/gvisor-conformance/runsc/20250505/runsc",
      signal: 31,
      syscall: 435,
      syscallName: "clone3",
    });
    expect(syscallName("c000003e", 110)).toBe("getppid");
    expect(syscallName("c00000b7", 110)).toBeNull();
  });
  test("a sandbox's kills: a runsc process, between its container's start and end", () => {
    const kills = parseSeccompKills(LOG);
    const window = {
      startedAt: new Date(1796533990000).toISOString(),
      finishedAt: new Date(1796534000000).toISOString(),
    };
    expect(sandboxKills(kills, window).map((k) => k.pid)).toEqual([4242]);
    expect(sandboxKills(kills, { ...window, finishedAt: new Date(1796533995000).toISOString() })).toEqual([]);
    expect(sandboxKills(kills, { ...window, pid: 4243 })).toEqual([]);
  });
  test("the blocked line names the syscall", () => {
    const [, kill] = parseSeccompKills(LOG);
    expect(exitedReason({ Running: false, ExitCode: 159, FinishedAt: "t" }, kill ? [kill] : [])).toBe(
      "the cell's sandbox exited during the run (status 159 (128+31: killed by signal 31, SIGSYS), at t); the host " +
        "kernel's seccomp killed exe (pid 4242, /opt/gvisor-conformance/runsc/20250505/runsc) at its syscall 435 (clone3)",
    );
  });
});
