import { describe, expect, test } from "vitest";
import { backstopTimeout, blockedByFailedSteps, blockedByStepError } from "../../helpers/finding/probe.js";
import { ProbeScriptError } from "../../helpers/probes/sandbox-script.js";
import { DEFAULT_EXEC_TIMEOUT_MS, timedOutSuffix } from "../../helpers/sandbox/exec.js";
import { execRunFailure, isRetryableRunFailure } from "../../helpers/sandbox/exec-failure.js";
import { execFailuresPart } from "../../helpers/report/answer-headline.js";
import type { ResultsFile } from "../../helpers/report/results-schema.js";

const RUNSC_128 =
  "OCI runtime exec failed: exec failed: unable to start container process: runsc-20260520 did not terminate successfully: exit status 128: unknown";

describe("a step that failed to run is not a measurement", () => {
  test("docker's own failures are told from a command's", () => {
    expect(execRunFailure({ exitCode: 126, stderr: `${RUNSC_128}\n` })).toBe(`docker exec exit 126: ${RUNSC_128}`);
    expect(
      execRunFailure({
        exitCode: 127,
        stderr: 'OCI runtime exec failed: exec failed: exec: "dmesg": executable file not found in $PATH: unknown',
      }),
    ).toMatch(/executable file not found/);
    expect(
      execRunFailure({ exitCode: 1, stderr: "Error response from daemon: container abc is not running" }),
    ).toMatch(/not running/);
    // The command ran and said no: its exit code and words are the measurement.
    expect(
      execRunFailure({ exitCode: 1, stderr: "mkdir: can't create directory 'x': Operation not permitted" }),
    ).toBeNull();
    expect(execRunFailure({ exitCode: 126, stderr: "sh: ./x: Permission denied" })).toBeNull();
    expect(execRunFailure({ exitCode: 0, stderr: "" })).toBeNull();
  });
  test("only runsc's own exec failure is retried", () => {
    expect(isRetryableRunFailure(`docker exec exit 126: ${RUNSC_128}`)).toBe(true);
    expect(isRetryableRunFailure("docker exec exit 127: OCI runtime exec failed: executable file not found")).toBe(
      false,
    );
    expect(
      isRetryableRunFailure("docker exec exit 1: Error response from daemon: container x is not running"),
    ).toBe(false);
  });
  test("a verdict reached beside a step that never ran is blocked, naming the step and what the probe said", () => {
    const said = {
      verdict: "does-not-hold" as const,
      summary: 'dmesg does not say gVisor: "" (uname 4.19.0-gvisor)',
    };
    const r = blockedByFailedSteps(said, [
      { label: "dmesg, first line", reason: `docker exec exit 126: ${RUNSC_128}` },
    ]);
    expect(r.verdict).toBe("blocked");
    expect(r.summary).toContain('"dmesg, first line"');
    expect(r.summary).toContain("exit status 128");
    expect(r.summary).toContain("would have said does-not-hold");
    expect(blockedByFailedSteps(said, [])).toBe(said);
    const blocked = { verdict: "blocked" as const, summary: "strace cannot trace" };
    expect(blockedByFailedSteps(blocked, [{ label: "x", reason: "y" }])).toBe(blocked);
  });
});

describe("exec failures are counted per release in the answer", () => {
  test("attempts per release, and the verdicts they blocked", () => {
    const cell = (id: string, release: string) => ({ id, dimensions: { release } });
    const result = (cellId: string, n: number, summary = "x") => ({ cellId, execFailedAttempts: n, summary });
    const file = {
      run: { cells: [cell("a", "20260520"), cell("b", "20240729")] },
      results: [
        result("a", 2, "a step failed to run, so nothing was measured: ..."),
        result("a", 1),
        result("b", 0),
      ],
    } as unknown as ResultsFile;
    expect(execFailuresPart(file)).toBe(
      "docker exec of a probe failed to run 3 times (20260520 3; runsc's own failures retried once), leaving 1 verdict blocked.",
    );
    expect(execFailuresPart({ ...file, results: [] })).toBe("No docker exec of a probe failed to run.");
  });
});

describe("a step that failed to run is blocked, never a verdict", () => {
  test("a step that hit the harness's default bound failed to run; one with its own bound measured a hang", () => {
    const killed = { stderr: `partial output${timedOutSuffix(DEFAULT_EXEC_TIMEOUT_MS)}` };
    expect(backstopTimeout(killed, undefined)).toBe(
      "did not finish within the harness's 120 s bound for a step (killed)",
    );
    expect(backstopTimeout(killed, { timeoutMs: DEFAULT_EXEC_TIMEOUT_MS })).toBeNull();
    expect(backstopTimeout({ stderr: "exit 1: no such file" }, undefined)).toBeNull();
  });
  test("a probe script that printed no result blocks the finding with the step and why", () => {
    const error = new ProbeScriptError(
      "cgroup hierarchy: mkdir -> inotify event",
      "inotify-latency.mjs printed no JSON (exit 1): inotifywait: not found",
    );
    expect(blockedByStepError(error)).toEqual({
      verdict: "blocked",
      summary:
        'a step failed to run, so nothing was measured: "cgroup hierarchy: mkdir -> inotify event": inotify-latency.mjs printed no JSON (exit 1): inotifywait: not found',
    });
    // Any other error is a harness bug: it is not turned into a verdict.
    expect(blockedByStepError(new TypeError("x is undefined"))).toBeNull();
  });
});
