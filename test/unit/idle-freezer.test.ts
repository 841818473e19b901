import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  freezable,
  freezerFile,
  IdleFreezer,
  permitFreezing,
  revokeFreezing,
} from "../../helpers/sandbox/idle-freezer.js";

describe("freezerFile", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "gvc-freezer-"));
  const at = (rel: string) => {
    mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(root, rel), "THAWED\n");
    return path.join(root, rel);
  };
  test("finds the cgroup v1 freezer of the cgroupfs driver, and v2's cgroup.freeze of the systemd driver", () => {
    expect(freezerFile("a1", root)).toBeNull();
    const v1 = at("freezer/docker/a1/freezer.state");
    expect(freezerFile("a1", root)).toBe(v1);
    const v2 = at("system.slice/docker-b2.scope/cgroup.freeze");
    expect(freezerFile("b2", root)).toBe(v2);
    expect(readFileSync(v2, "utf8")).toBe("THAWED\n");
  });
});

describe("IdleFreezer", () => {
  const RUN = { GVC_RUN_ID: `unit-${process.pid}` };
  beforeEach(() => {
    permitFreezing(RUN.GVC_RUN_ID);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    revokeFreezing(RUN.GVC_RUN_ID);
  });
  /** A freezer that records what it would do; enabled for RUN with c1 tracked unless told otherwise. */
  const make = (env: NodeJS.ProcessEnv | null = RUN, tracked: string[] = ["c1"]) => {
    const calls: string[] = [];
    const freezer = new IdleFreezer(
      1_000,
      (id, frozen) => (calls.push(`${frozen ? "freeze" : "thaw"} ${id}`), true),
    );
    if (env) freezer.enableFreezing(env);
    for (const id of tracked) freezer.track(id);
    return { freezer, calls };
  };

  test("freezes a cell once no use has been left for the idle time, and only where freezing is enabled", () => {
    const { freezer, calls } = make(null, []);
    freezer.enter("c1");
    freezer.leave("c1");
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]); // not enabled: the process that starts and removes cells never freezes
    freezer.enableFreezing(RUN);
    freezer.enter("c1");
    freezer.leave("c1");
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]); // not tracked: counted, never frozen
    freezer.track("c1");
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(["freeze c1"]);
    calls.length = 0;
    freezer.enter("c1");
    freezer.leave("c1");
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["freeze c1"]);
  });

  test("a use that begins within the idle time keeps the cell running; overlapping uses count", () => {
    const { freezer, calls } = make();
    freezer.enter("c1");
    freezer.enter("c1"); // e.g. a running cluster and a test of the same cell
    freezer.leave("c1");
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual([]);
    freezer.leave("c1");
    vi.advanceTimersByTime(500);
    freezer.enter("c1");
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual([]);
  });

  test("a tracked cell is frozen until its first use", () => {
    const { freezer, calls } = make(RUN, ["c1", "c1"]);
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(["freeze c1"]);
    freezer.enter("c2");
    freezer.track("c2"); // in use: tracking does not freeze it
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual(["freeze c1"]);
  });

  test("once the owner revokes the permit, nothing is frozen any more", () => {
    const { freezer, calls } = make();
    freezer.enter("c1");
    freezer.leave("c1");
    revokeFreezing(RUN.GVC_RUN_ID);
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]);
  });

  test("20260520's systrap cells are never frozen; its ptrace variant and other releases are", () => {
    expect(freezable({ runtime: "runsc", release: "20260520", platform: "systrap" })).toBe(false);
    expect(freezable({ runtime: "runsc", release: "20260520", platform: "ptrace" })).toBe(true);
    expect(freezable({ runtime: "runsc", release: "20240729", platform: "systrap" })).toBe(true);
    expect(freezable({ runtime: "runc", release: "runc", platform: "host" })).toBe(true);
  });

  test("GVC_FREEZE_IDLE=0 turns freezing off", () => {
    const { freezer, calls } = make({ ...RUN, GVC_FREEZE_IDLE: "0" });
    freezer.enter("c1");
    freezer.leave("c1");
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual([]);
  });

  test("during() is one use, ended also when the work throws", async () => {
    const { freezer, calls } = make();
    vi.advanceTimersByTime(1_000);
    calls.length = 0;
    await expect(freezer.during("c1", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(["freeze c1"]);
  });
});
