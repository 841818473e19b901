import { describe, expect, test } from "vitest";
import { ArgsError, parseCliCommand } from "../../helpers/cli/args.js";
import { ALL_FINDINGS } from "../../suites/catalog.js";
import { isK3sFinding, PROBES, runSettings } from "../../suites/probes.js";

describe("suites/probes.ts", () => {
  test("every finding has its probe: in the registry, or built per cell for the k3s tier", () => {
    for (const f of ALL_FINDINGS)
      expect(isK3sFinding(f.id) || typeof PROBES[f.id] === "function", f.id).toBe(true);
    expect(Object.keys(PROBES).every((id) => ALL_FINDINGS.some((f) => f.id === id))).toBe(true);
  });
  test("runSettings recovers the run's trial counts from its stats", () => {
    const stats = (trials: number) => ({ trials, counts: {} });
    expect(runSettings("faker/inotify-wins-race", stats(30))).toEqual({ GVC_RACE_TRIALS: "30" });
    expect(runSettings("runc/enoent-without-files", stats(7))).toEqual({ GVC_RUNC_TRIALS: "7" });
    expect(runSettings("runc/blocked-without-kernel-cgroups", stats(6))).toEqual({ GVC_RUNC_TRIALS: "5" });
    expect(runSettings("containerd/pod-sandbox-error", stats(0))).toEqual({});
    expect(runSettings("cgroups/no-autopopulate", stats(7))).toEqual({});
    expect(runSettings("runc/enoent-without-files", undefined)).toEqual({});
    expect(runSettings("crun/enoent-without-files", stats(3))).toEqual({ GVC_OCI_TRIALS: "3" });
    expect(runSettings("youki/blocked-without-kernel-cgroups", stats(4))).toEqual({ GVC_OCI_TRIALS: "3" });
    expect(runSettings("oci-runtime/all-need-kernel-cgroups", stats(9))).toEqual({ GVC_OCI_TRIALS: "3" });
  });
});

describe("parseCliCommand", () => {
  const specs = { from: { type: "string" as const, value: "FILE" } };
  test("positionals and options", () => {
    expect(parseCliCommand("repro", ["a", "--from", "f", "b"], specs, ["<x>", "<y>"])).toEqual({
      values: { from: "f" },
      positionals: ["a", "b"],
    });
  });
  test("a missing argument or an unknown option: one line naming what is expected", () => {
    expect(() => parseCliCommand("repro", ["a"], specs, ["<x>", "<y>"])).toThrow(
      new ArgsError("repro: expected <x> <y>, got 1 argument(s); valid options: --from FILE"),
    );
    expect(() => parseCliCommand("repro", ["a", "b", "--to"], specs, ["<x>", "<y>"])).toThrow(
      "repro: unknown option --to; valid options: --from FILE",
    );
  });
});
