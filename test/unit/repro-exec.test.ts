import { afterEach, describe, expect, test } from "vitest";
import { hostSideFrom, parseHostFacts } from "../../helpers/repro/host-facts.js";
import { localExec } from "../../helpers/repro/local-exec.js";
import {
  execInSandbox,
  setSandboxExecutor,
  shInSandbox,
  type SandboxExecutor,
} from "../../helpers/sandbox/exec.js";

describe("setSandboxExecutor", () => {
  afterEach(() => setSandboxExecutor(null));
  test("routes execInSandbox and shInSandbox through the executor, options included; null restores docker exec", async () => {
    const calls: unknown[] = [];
    const executor: SandboxExecutor = async (argv, options) => {
      calls.push({ argv, options });
      return { argv: [...argv], exitCode: 3, stdout: "out", stderr: "", durationMs: 1 };
    };
    setSandboxExecutor(executor);
    expect((await execInSandbox("ignored", ["uname", "-r"], { timeoutMs: 5 })).exitCode).toBe(3);
    await shInSandbox("ignored", "echo hi", { input: "x" });
    expect(calls).toEqual([
      { argv: ["uname", "-r"], options: { timeoutMs: 5 } },
      { argv: ["sh", "-c", "echo hi"], options: { input: "x" } },
    ]);
    setSandboxExecutor(null);
    // docker exec again: a container that does not exist is an observation (non-zero exit), not a throw
    const r = await execInSandbox("gvc-unit-no-such-container", ["true"], { timeoutMs: 20_000 });
    expect(calls).toHaveLength(2);
    expect(r.exitCode).not.toBe(0);
  });
});

describe("localExec: the record docker exec would give", () => {
  test("argv, exit code, stdout, stderr, duration; input on stdin", async () => {
    const r = await localExec(["sh", "-c", "cat; echo err >&2; exit 4"], { input: "in\n" });
    expect(r).toMatchObject({
      argv: ["sh", "-c", "cat; echo err >&2; exit 4"],
      exitCode: 4,
      stdout: "in\n",
      stderr: "err\n",
    });
    expect(r.durationMs).toBeGreaterThan(0);
  });
  test("without input, stdin is at its end at once", async () => {
    expect((await localExec(["cat"])).exitCode).toBe(0);
  });
  test("a command that cannot start: 127, the reason on stderr", async () => {
    const r = await localExec(["gvc-no-such-command"]);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/gvc-no-such-command/);
  });
  test("a timeout: exit -1, what was printed so far, the harness's suffix; the command is not waited for", async () => {
    const t0 = Date.now();
    const r = await localExec(["sh", "-c", "echo started; sleep 5"], { timeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(r.exitCode).toBe(-1);
    expect(r.stdout).toBe("started\n");
    expect(r.stderr).toBe("\n[harness] timed out after 300 ms");
  });
  test("killed by a signal: 128 + its number", async () => {
    expect((await localExec(["sh", "-c", "kill -TERM $$"])).exitCode).toBe(143);
  });
});

describe("parseHostFacts", () => {
  test("the serving process and its release, from what repro.sh measured", async () => {
    const facts = parseHostFacts([
      "--host-kernel",
      "6.1.0",
      "--serving-pid",
      "42",
      "--serving-exe",
      "/opt/runsc",
      "--serving-version",
      "runsc version 0.0~20240729.0",
      "--serving-platform",
      "systrap",
    ]);
    const host = hostSideFrom(facts);
    expect(host.kernelRelease()).toBe("6.1.0");
    expect(await host.sandboxProcess("any")).toEqual({
      pid: 42,
      exe: "/opt/runsc",
      versionLine: "runsc version 0.0~20240729.0",
      release: "20240729",
      platform: "systrap",
      droppableMappings: null,
    });
  });
  test("no serving process found: null; the host kernel is required", () => {
    expect(parseHostFacts(["--host-kernel", "6.1.0", "--serving-pid", ""]).sandboxProcess).toBeNull();
    expect(() => parseHostFacts([])).toThrow(/--host-kernel/);
  });
});
