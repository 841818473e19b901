import { describe, expect, test } from "vitest";
import { ArgsError, joinDashValues, parseCliArgs, type OptionSpecs } from "../../helpers/cli/args.js";
import { makeCell, type Runtime } from "../../helpers/env/cell.js";
import { ConfigError, selectCells, type DeclaredCell } from "../../helpers/env/declared-cells.js";
import { cellFilterFor, runtimeFromEngine } from "../../helpers/env/discover.js";
import { findingsFilterProblem, unmatchedPatterns } from "../../helpers/env/patterns.js";
import { blockedVerdict, sandboxStartSeconds, type BlockedCell } from "../../helpers/finding/blocked-cell.js";
import { runtimesForExtra } from "../../helpers/host/extra-runsc.js";
import { recordRegistrations, runtimeRole, type RuntimesState } from "../../helpers/host/runtime-registry.js";
import { containerIdsIn, forceRemoveSync, roleOf } from "../../helpers/sandbox/stuck.js";

const SPECS: OptionSpecs = {
  cells: { type: "string", value: "PATTERNS" },
  runsc: { type: "string", multiple: true, value: "PATH" },
  "runsc-flags": { type: "string", value: "FLAGS", dashValue: true },
  "skip-setup": { type: "boolean" },
};

describe("arguments", () => {
  test("the space form of --runsc-flags is joined into --runsc-flags=VALUE", () => {
    expect(joinDashValues(["--runsc", "/x/runsc", "--runsc-flags", "--platform=ptrace"], SPECS)).toEqual([
      "--runsc",
      "/x/runsc",
      "--runsc-flags=--platform=ptrace",
    ]);
    expect(parseCliArgs("setup", ["--runsc-flags", "--platform=kvm --debug"], SPECS)["runsc-flags"]).toBe(
      "--platform=kvm --debug",
    );
    expect(parseCliArgs("setup", ["--runsc-flags=--platform=kvm"], SPECS)["runsc-flags"]).toBe("--platform=kvm");
  });
  test("an unknown option or a positional is one line naming the valid options", () => {
    expect(() => parseCliArgs("conformance", ["--bogus"], SPECS)).toThrow(ArgsError);
    expect(() => parseCliArgs("conformance", ["--bogus"], SPECS)).toThrow(
      "conformance: unknown option --bogus; valid options: --cells PATTERNS, --runsc PATH, --runsc-flags FLAGS, --skip-setup",
    );
    expect(() => parseCliArgs("conformance", ["stray"], SPECS)).toThrow(
      /^conformance: unexpected argument stray;/,
    );
    expect(() => parseCliArgs("conformance", ["--cells"], SPECS)).toThrow(/^conformance: .*valid options/);
  });
});

describe("patterns", () => {
  const ids = ["kernel/matches-runtime", "runc/enoent-without-files"];
  test("patterns that match nothing are named; --findings refuses them with the ids", () => {
    expect(unmatchedPatterns("kernel/*, bogus/x", ids)).toEqual(["bogus/x"]);
    expect(findingsFilterProblem("kernel/*", ids)).toBeNull();
    expect(findingsFilterProblem(undefined, ids)).toBeNull();
    expect(findingsFilterProblem("bogus/x", ids)).toBe(
      "--findings bogus/x matches no finding; finding ids: kernel/matches-runtime, runc/enoent-without-files",
    );
  });
});

const release = runtimeFromEngine("runsc-20240729", {
  path: "/opt/gvisor-conformance/runsc/20240729/runsc",
  runtimeArgs: ["--network=none"],
}) as Runtime;
const state: RuntimesState = {
  runtimes: {
    "runsc-20240729-platform-kvm": {
      role: "one-off",
      path: "/opt/gvisor-conformance/runsc/20240729/runsc",
      runtimeArgs: ["--network=none", "--platform=kvm"],
      registeredAt: "2026-01-01T00:00:00.000Z",
    },
  },
};
const kvm = runtimeFromEngine(
  "runsc-20240729-platform-kvm",
  { path: "/opt/gvisor-conformance/runsc/20240729/runsc", runtimeArgs: ["--network=none", "--platform=kvm"] },
  state,
) as Runtime;
const runc: Runtime = { kind: "runc", name: "runc" };
const cells: DeclaredCell[] = [release, kvm, runc].map((r) => ({ ...makeCell(r, "bookworm"), isDefault: true }));

describe("one-off runtimes", () => {
  test("a recorded one-off runtime is marked; default runs and `all` leave it out, a pattern selects it", () => {
    expect(kvm).toMatchObject({ kind: "runsc", oneOff: true });
    expect(release).not.toHaveProperty("oneOff");
    expect(selectCells(cells, undefined).map((c) => c.runtime.name)).toEqual(["runsc-20240729", "runc"]);
    expect(selectCells(cells, "all").map((c) => c.runtime.name)).toEqual(["runsc-20240729", "runc"]);
    expect(selectCells(cells, "runsc-20240729-platform-kvm.*").map((c) => c.id)).toEqual([
      "runsc-20240729-platform-kvm.bookworm.native.no-faker",
    ]);
  });
  test("a --cells pattern that matches nothing is refused with a compact hint", () => {
    expect(() => selectCells(cells, "runsc-2099*")).toThrow(ConfigError);
    expect(() => selectCells(cells, "runsc-2099*")).toThrow(
      /^--cells runsc-2099\* matches no cell; cell ids are RUNTIME\.IMAGE\.CGROUPS\.FAKER with RUNTIME runsc-20240729\|runsc-20240729-platform-kvm\|runc/,
    );
  });
  test("--runsc selects the runtime of that binary with those flags only (not the release of the same binary)", () => {
    const runtimes = [release, kvm, runc];
    const binary = "/opt/gvisor-conformance/runsc/20240729/runsc";
    expect(
      cellFilterFor(undefined, [{ path: binary, flags: ["--platform=kvm"] }], runtimes, ["--network=none"]),
    ).toBe("runsc-20240729-platform-kvm.*");
    expect(cellFilterFor(undefined, [{ path: binary, flags: [] }], runtimes, ["--network=none"])).toBe(
      "runsc-20240729.*",
    );
    expect(cellFilterFor("*.sid.*", [{ path: binary, flags: [] }], runtimes, [])).toBe("*.sid.*");
    expect(cellFilterFor(undefined, [], runtimes, [])).toBeUndefined();
    expect(() => cellFilterFor(undefined, [{ path: "/x/runsc", flags: [] }], runtimes, [])).toThrow(
      /no Docker runtime/,
    );
    expect(
      runtimesForExtra(
        { path: binary, flags: ["--platform=ptrace"] },
        [kvm as { name: string; path: string }],
        ["--network=none"],
      ),
    ).toEqual([]);
  });
  test("setup records releases and one-offs; a release of the same name stays a release", () => {
    const now = new Date("2026-02-02T00:00:00Z");
    const next = recordRegistrations(
      { runtimes: {} },
      [
        { name: "runsc-20240729", path: "/r/runsc", runtimeArgs: ["--network=none"] },
        { name: "runsc-20240729", path: "/r/runsc", runtimeArgs: ["--network=none"], oneOff: true },
        { name: "runsc-20240729-platform-kvm", path: "/r/runsc", runtimeArgs: ["--platform=kvm"], oneOff: true },
      ],
      now,
    );
    expect(next.runtimes["runsc-20240729"]?.role).toBe("release");
    expect(next.runtimes["runsc-20240729-platform-kvm"]).toEqual({
      role: "one-off",
      path: "/r/runsc",
      runtimeArgs: ["--platform=kvm"],
      registeredAt: now.toISOString(),
    });
    expect(recordRegistrations(next, [], new Date())).toEqual(next);
  });
  test("unrecorded runtimes: a flag or hash suffix under the install folder is a one-off, elsewhere foreign", () => {
    const empty: RuntimesState = { runtimes: {} };
    expect(runtimeRole("runsc-20240729", { path: "/opt/g/20240729/runsc" }, empty, "/opt/g")).toBe("release");
    expect(runtimeRole("runsc-20240729-platform-kvm", { path: "/opt/g/20240729/runsc" }, empty, "/opt/g")).toBe(
      "one-off",
    );
    expect(runtimeRole("runsc-20240729-platform-kvm", { path: "/usr/bin/runsc" }, empty, "/opt/g")).toBe(
      "foreign",
    );
    expect(
      runtimeRole("runsc-20240729-platform-kvm", { path: "/opt/gvisor-conformance/runsc/20240729/runsc" }, state),
    ).toBe("one-off");
  });
});

describe("blocked cells", () => {
  const blocked: BlockedCell = {
    phase: "starting the sandbox",
    reason: "not up within 90 s (GVC_SANDBOX_START_SECONDS), still starting the sandbox",
    waitedMs: 90_512,
    evidence: [{ label: "docker inspect abc: State", kind: "json", json: { Status: "created" } }],
  };
  test("every finding of a blocked cell gets verdict blocked, the reason as summary, the runtime's evidence", () => {
    const v = blockedVerdict(blocked);
    expect(v.verdict).toBe("blocked");
    expect(v.summary).toBe(
      "cell did not start (starting the sandbox): not up within 90 s (GVC_SANDBOX_START_SECONDS), still starting the sandbox",
    );
    expect(v.evidence[0]).toMatchObject({ label: "why this cell is blocked", kind: "text" });
    expect(v.evidence[0]?.kind === "text" && v.evidence[0].text).toContain("waited 90.5 s");
    expect(v.evidence.slice(1)).toEqual(blocked.evidence);
  });
  test("the start bound: default 90 s, GVC_SANDBOX_START_SECONDS, refused when not a positive number", () => {
    expect(sandboxStartSeconds({})).toBe(90);
    expect(sandboxStartSeconds({ GVC_SANDBOX_START_SECONDS: "20" })).toBe(20);
    expect(() => sandboxStartSeconds({ GVC_SANDBOX_START_SECONDS: "soon" })).toThrow(/positive number/);
    expect(() => sandboxStartSeconds({ GVC_SANDBOX_START_SECONDS: "0" })).toThrow(/positive number/);
  });
});

describe("stuck containers", () => {
  const id = "a".repeat(64);
  test("the processes that serve a container are recognised by argv", () => {
    expect(roleOf(["runsc-sandbox", "--root=/x", "boot"])).toBe("runsc-sandbox");
    expect(roleOf(["/opt/g/20240729/runsc", "create"])).toBe("runsc");
    expect(roleOf(["/usr/bin/containerd-shim-runc-v2", "-id", id])).toBe("containerd-shim");
    expect(roleOf(["/bin/sh", "/var/lib/docker/runtimes/runsc-20240729-platform-kvm", "create"])).toBe(
      "runtime-wrapper",
    );
    expect(roleOf(["/bin/sh", "-c", "make"])).toBeNull();
    expect(roleOf(["docker", "rm", "-f", id])).toBeNull();
    expect(containerIdsIn(`--log=/x/${id}/log.json ${id}`)).toEqual([id]);
  });
  test("removal never throws and names what is left when docker hangs", () => {
    const calls: string[] = [];
    const docker = (args: string[]): { ok: boolean; out: string; error: string } => {
      calls.push(args.join(" "));
      if (args[0] === "ps") return { ok: true, out: `${id} created\n`, error: "" };
      return { ok: false, out: "", error: "docker rm timed out after 30 s" };
    };
    const report = forceRemoveSync([id], docker);
    expect(report.removed).toEqual([]);
    expect(report.failed).toEqual([{ id, error: "docker rm timed out after 30 s" }]);
    expect(calls.filter((c) => c.startsWith("rm"))).toHaveLength(2); // once more after ending its processes
  });
  test("a container docker removes is reported removed", () => {
    let gone = false;
    const docker = (args: string[]): { ok: boolean; out: string; error: string } => {
      if (args[0] === "ps") return { ok: true, out: gone ? "" : `${id} running\n`, error: "" };
      gone = true;
      return { ok: true, out: id, error: "" };
    };
    expect(forceRemoveSync([id], docker)).toMatchObject({ removed: [id], failed: [] });
  });
});
