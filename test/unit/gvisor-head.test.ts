import { existsSync } from "node:fs";
import { EventEmitter } from "node:events";
import { describe, expect, test } from "vitest";
import type { Runtime } from "../../helpers/env/cell.js";
import { declaredCells, selectCells } from "../../helpers/env/declared-cells.js";
import {
  buildCellIds,
  buildCellPatterns,
  describeCommitTime,
  describeHead,
  gvisorCells,
  gvisorChoices,
  headFromGoList,
  headRegistrations,
  headRunCells,
  interpretGoList,
  OneOffRuntimesGuard,
  oneLine,
  parseGvisorChoice,
  pinnedMatch,
  pinnedReleaseNames,
  pseudoVersionTime,
  queryGvisorHead,
  signalExitCode,
  type GoListRunner,
  type SignalTarget,
} from "../../helpers/host/gvisor-head.js";
import { releaseOf } from "../../helpers/host/runsc-binary.js";
import { readReleasesFile } from "../../helpers/host/runsc-install.js";
import { parseSourceReleases, readSourceReleasesFile } from "../../helpers/host/runsc-source-build.js";

const ASKED = new Date("2026-12-06T02:17:00Z");

/** What `go list -m -json gvisor.dev/gvisor@latest` printed here (2026-12-06). */
const GO_LIST_LATEST = `{
	"Path": "gvisor.dev/gvisor",
	"Version": "v0.0.0-20260905035102-160fafc42237",
	"Query": "latest",
	"Time": "2026-09-05T05:50:48Z",
	"Dir": "/root/go/pkg/mod/gvisor.dev/gvisor@v0.0.0-20260905035102-160fafc42237",
	"GoMod": "/root/go/pkg/mod/cache/download/gvisor.dev/gvisor/@v/v0.0.0-20260905035102-160fafc42237.mod",
	"GoVersion": "1.26.3"
}
`;

/** The same answer for a commit nobody pinned. */
const GO_LIST_NEW = GO_LIST_LATEST.replaceAll(
  "20260905035102-160fafc42237",
  "20261203041500-0123456789ab",
).replace("2026-09-05T05:50:48Z", "2026-12-03T06:02:11Z");

describe("parsing go list -m -json", () => {
  test("the proxy's answer becomes a go-branch snapshot spec, named and stamped as pinned snapshots are", () => {
    const q = headFromGoList(GO_LIST_NEW, ASKED);
    if (!q.ok) throw new Error(q.reason);
    expect(q.head.release).toBe("go20261203-0123456789ab");
    expect(q.head.moduleVersion).toBe("v0.0.0-20261203041500-0123456789ab");
    expect(q.head.committedAt).toBe("2026-12-03T06:02:11Z");
    expect(q.head.spec).toMatchObject({
      release: "go20261203-0123456789ab",
      version: "go-branch-v0.0.0-20261203041500-0123456789ab",
      moduleVersion: "v0.0.0-20261203041500-0123456789ab",
      goBranchCommit: "0123456789ab",
    });
    expect(q.head.spec.precedingRelease).toBeUndefined();
    expect(q.head.spec.why).toContain("2026-12-06T02:17:00.000Z");
    // The binary's --version names the release the cells are named after.
    expect(releaseOf(`runsc version ${q.head.spec.version}`)).toBe(q.head.release);
    expect(describeHead(q.head)).toBe(
      "gVisor head go20261203-0123456789ab (v0.0.0-20261203041500-0123456789ab, committed 2026-12-03 06:02:11 UTC)",
    );
  });

  test("the spec is one fixtures/runsc-source-releases.json would accept as an entry", () => {
    const q = headFromGoList(GO_LIST_NEW, ASKED);
    if (!q.ok) throw new Error(q.reason);
    const file = readSourceReleasesFile();
    const parsed = parseSourceReleases(JSON.stringify({ ...file, releases: [q.head.spec, ...file.releases] }));
    expect(parsed.releases[0]).toEqual(q.head.spec);
  });

  test("without Time, the commit time is the pseudo-version's", () => {
    const q = headFromGoList(GO_LIST_NEW.replace(/\s*"Time": "[^"]*",/, ""), ASKED);
    expect(q.ok && q.head.committedAt).toBe("2026-12-03T04:15:00Z");
    expect(pseudoVersionTime("v0.0.0-20260905035102-160fafc42237")).toBe("2026-09-05T03:51:02Z");
    expect(pseudoVersionTime("v1.2.3")).toBeNull();
    expect(describeCommitTime("2026-09-05T05:50:48Z")).toBe("2026-09-05 05:50:48 UTC");
  });

  test("an answer that is not a go-branch pseudo-version of gVisor is unparsable", () => {
    const reason = (stdout: string) => {
      const q = headFromGoList(stdout, ASKED);
      return q.ok ? "ok" : q.reason;
    };
    expect(reason("<html>502 Bad Gateway</html>")).toMatch(/^unparsable answer: not JSON: "<html>502/);
    expect(reason("")).toMatch(/^unparsable answer: not JSON/);
    expect(reason(GO_LIST_LATEST.replace('"gvisor.dev/gvisor"', '"example.com/x"'))).toMatch(
      /module "example.com\/x", not gvisor.dev\/gvisor/,
    );
    expect(reason(GO_LIST_LATEST.replace(/"Version": "[^"]*"/, '"Version": "v1.2.3"'))).toBe(
      "unparsable answer: v1.2.3 is not a go-branch pseudo-version",
    );
    expect(reason('{"Path": "gvisor.dev/gvisor"}')).toBe("unparsable answer: no Version");
    expect(reason('{"Path": "gvisor.dev/gvisor", "Error": {"Err": "module lookup disabled\\nmore"}}')).toBe(
      "go list: module lookup disabled",
    );
  });

  test("a timeout, a failing go list and a missing go are the proxy not answering, each said in a few words", () => {
    const base = { exitCode: 0, stdout: "", stderr: "", timedOut: false };
    const why = (o: Partial<typeof base> & { spawnError?: string }) => {
      const q = interpretGoList({ ...base, ...o }, ASKED, 60_000);
      return q.ok ? "ok" : q.reason;
    };
    expect(why({ timedOut: true, exitCode: undefined as unknown as number })).toBe("no answer within 60 s");
    expect(
      why({
        exitCode: 1,
        stderr:
          'go: gvisor.dev/gvisor@latest: Get "https://proxy.golang.org/gvisor.dev/gvisor/@v/list": dial tcp: lookup proxy.golang.org: no such host\n',
      }),
    ).toBe(
      'go list exited 1: go: gvisor.dev/gvisor@latest: Get "https://proxy.golang.org/gvisor.dev/gvisor/@v/list": dial tcp: lookup proxy.golang.org: no such host',
    );
    expect(why({ spawnError: "spawn go ENOENT" })).toBe("cannot run go: spawn go ENOENT");
    expect(why({ stdout: GO_LIST_LATEST })).toBe("ok");
  });

  test("queryGvisorHead runs go list -m -json gvisor.dev/gvisor@latest in an empty folder, GOFLAGS=-mod=mod, bounded", async () => {
    const calls: { args: readonly string[]; cwd: string; env: Record<string, string>; timeoutMs: number }[] = [];
    let cwdExisted = false;
    const run: GoListRunner = async (args, options) => {
      calls.push({ args, ...options });
      cwdExisted = existsSync(options.cwd);
      return { exitCode: 0, stdout: GO_LIST_LATEST, stderr: "", timedOut: false };
    };
    const q = await queryGvisorHead({ run, now: () => ASKED });
    expect(q.ok && q.head.release).toBe("go20260905-160fafc42237");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toEqual(["list", "-m", "-json", "gvisor.dev/gvisor@latest"]);
    expect(calls[0]?.env).toEqual({ GOFLAGS: "-mod=mod" });
    expect(calls[0]?.timeoutMs).toBe(60_000);
    expect(cwdExisted).toBe(true);
    expect(existsSync(calls[0]?.cwd ?? "")).toBe(false);
  });

  test("a runner that throws is the proxy not answering, not a crash", async () => {
    const q = await queryGvisorHead({
      run: () => Promise.reject(new Error("boom\nstack")),
      timeoutMs: 5_000,
    });
    expect(q).toEqual({ ok: false, reason: "boom" });
  });
});

describe("the head and the pinned builds", () => {
  const source = readSourceReleasesFile();

  test("a head with a pinned entry's module version is that pinned build", () => {
    const latest = headFromGoList(GO_LIST_LATEST, ASKED);
    const fresh = headFromGoList(GO_LIST_NEW, ASKED);
    if (!latest.ok || !fresh.ok) throw new Error("unparsed");
    const newest = source.releases.find((r) => r.moduleVersion === latest.head.moduleVersion);
    expect(pinnedMatch(latest.head, source.releases)?.release).toBe(newest?.release);
    expect(pinnedMatch(fresh.head, source.releases)).toBeNull();
    // An older pinned entry counts too (a proxy lagging behind, say).
    const older = source.releases[source.releases.length - 1];
    if (!older) throw new Error("no pinned release");
    expect(pinnedMatch({ moduleVersion: older.moduleVersion }, source.releases)?.release).toBe(older.release);
  });

  test("--gvisor takes head or a pinned release; anything else is refused with the valid choices", () => {
    const pinned = pinnedReleaseNames(source, readReleasesFile());
    expect(pinned).toContain("20240729");
    expect(pinned).toContain("20260520");
    expect(parseGvisorChoice("head", pinned)).toEqual({ kind: "head" });
    expect(parseGvisorChoice("20240729", pinned)).toEqual({ kind: "release", release: "20240729" });
    const first = source.releases[0]?.release ?? "";
    expect(parseGvisorChoice(first, pinned)).toEqual({ kind: "release", release: first });
    for (const bad of ["HEAD", "latest", "20240730", "runsc-20240729", ""]) {
      const r = parseGvisorChoice(bad, pinned);
      expect("error" in r && r.error).toBe(
        `--gvisor ${JSON.stringify(bad)} is neither head nor a pinned gVisor release ` +
          `(fixtures/runsc-source-releases.json, fixtures/runsc-releases.json); valid: ${gvisorChoices(pinned).join(", ")}`,
      );
    }
  });

  test("the choices are head, then the pinned releases newest first", () => {
    expect(gvisorChoices(["20221219", "20260520", "go20260905-160fafc42237", "20240729", "20260520"])).toEqual([
      "head",
      "go20260905-160fafc42237",
      "20260520",
      "20240729",
      "20221219",
    ]);
  });
});

const PINNED = "go20260905-160fafc42237";
const HEAD = "go20261203-0123456789ab";
const NET = ["--network=none"];
const runsc = (name: string, release: string, args: string[] = [], oneOff = false): Runtime => ({
  kind: "runsc",
  name,
  release,
  path: `/opt/gvisor-conformance/runsc/${release}/runsc`,
  runtimeArgs: [...NET, ...args],
  ...(oneOff ? { oneOff: true } : {}),
});

/** The engine after setup and a head registration: releases, their variants, the head one-off. */
function engine(head: "none" | "own" | "with-variant"): Runtime[] {
  const out: Runtime[] = [
    runsc("runsc-20240729", "20240729"),
    runsc("runsc-20260520", "20260520"),
    runsc(`runsc-${PINNED}`, PINNED),
    runsc(`runsc-${PINNED}-platform-ptrace`, PINNED, ["--platform=ptrace"]),
    runsc(`runsc-${PINNED}-in-sandbox-cgroup-v2`, PINNED, ["--in-sandbox-cgroup=v2"]),
  ];
  if (head !== "none") out.push(runsc(`runsc-${HEAD}`, HEAD, [], true));
  if (head === "with-variant")
    out.push(runsc(`runsc-${HEAD}-in-sandbox-cgroup-v2`, HEAD, ["--in-sandbox-cgroup=v2"], true));
  return [...out, { kind: "runc", name: "runc" }];
}

describe("which cells a --gvisor run selects", () => {
  test("patterns over a build's cells: runsc-<r>.* and runsc-<r>-*.*, each only where a cell matches", () => {
    const withVariant = declaredCells(engine("with-variant"));
    expect(buildCellPatterns(withVariant, HEAD)).toEqual([`runsc-${HEAD}.*`, `runsc-${HEAD}-*.*`]);
    const own = declaredCells(engine("own"));
    expect(buildCellPatterns(own, HEAD)).toEqual([`runsc-${HEAD}.*`]);
    expect(buildCellPatterns(own, "20240729")).toEqual(["runsc-20240729.*"]);
    expect(buildCellPatterns(own, "20221219")).toEqual([]);
    // selectCells takes them (it refuses a pattern that matches no cell).
    expect(() => selectCells(own, buildCellPatterns(own, HEAD).join(","))).not.toThrow();
    expect(() => selectCells(own, `runsc-${HEAD}.*,runsc-${HEAD}-*.*`)).toThrow(/matches no cell/);
  });

  test("--gvisor <release>: that build's default cells, its variants' included, nothing else", () => {
    const cells = declaredCells(engine("none"));
    const r = gvisorCells(cells, { kind: "release", release: PINNED });
    if ("error" in r) throw new Error(r.error);
    const ids = r.filter.split(",");
    expect(ids).toContain(`runsc-${PINNED}.bookworm.native.no-faker`);
    expect(ids).toContain(`runsc-${PINNED}-platform-ptrace.bookworm.native.no-faker`);
    expect(ids).toContain(`runsc-${PINNED}-in-sandbox-cgroup-v2.bookworm.native.no-faker`);
    expect(ids.every((id) => id.startsWith(`runsc-${PINNED}.`) || id.startsWith(`runsc-${PINNED}-`))).toBe(true);
    const defaults = selectCells(cells, undefined).filter((c) => c.runtime.name.startsWith(`runsc-${PINNED}`));
    expect(selectCells(cells, r.filter).map((c) => c.id)).toEqual(defaults.map((c) => c.id));
    expect(r.comparedWith).toBeNull();
  });

  test("--gvisor <release> of a build out of the default (on request only): all of its cells", () => {
    const cell = (id: string) => ({ id, isDefault: false, runtime: { name: id.split(".")[0] ?? "" } });
    const cells = [cell("runsc-20250505.bookworm.native.no-faker"), cell("runsc-20250505.sid.native.no-faker")];
    expect(gvisorCells(cells, { kind: "release", release: "20250505" })).toEqual({
      filter: "runsc-20250505.*",
      comparedWith: null,
    });
  });

  test("--gvisor <release> with no runtime on this host is refused", () => {
    const r = gvisorCells(declaredCells(engine("none")), { kind: "release", release: "20250505" });
    expect("error" in r && r.error).toMatch(/^gVisor 20250505 has no cell on this host/);
  });

  test("a new head: the newest pinned build's default cells and the head's of the same shapes, pair by pair", () => {
    const cells = declaredCells(engine("with-variant"));
    const pairs = headRunCells(cells, PINNED, HEAD);
    expect(pairs.pinned.length).toBeGreaterThan(0);
    expect(pairs.head).toEqual(pairs.pinned.map((id) => id.replace(PINNED, HEAD)));
    // The pinned build's platform variants have no counterpart in a head (it gets none): left out of the pairs.
    expect(pairs.pinned).toEqual(buildCellIds(cells, PINNED).filter((id) => !id.includes("-platform-")));
    expect(pairs.head).toContain(`runsc-${HEAD}.bookworm.native.no-faker`);
    expect(pairs.head).toContain(`runsc-${HEAD}-in-sandbox-cgroup-v2.bookworm.native.no-faker`);

    const r = gvisorCells(cells, {
      kind: "head",
      release: HEAD,
      pinnedNewestFirst: [PINNED, "20260520", "20240729"],
    });
    if ("error" in r) throw new Error(r.error);
    expect(r.comparedWith).toBe(PINNED);
    expect(r.filter.split(",")).toEqual([...pairs.pinned, ...pairs.head]);
    // The head is one-off: only a run that names its cells runs them, and this filter does.
    expect(selectCells(cells, undefined).some((c) => c.runtime.name.includes(HEAD))).toBe(false);
    expect(selectCells(cells, r.filter)).toHaveLength(pairs.pinned.length * 2);
  });

  test("a head without the cgroup v2 flag pairs only its own runtime's cells", () => {
    const cells = declaredCells(engine("own"));
    const pairs = headRunCells(cells, PINNED, HEAD);
    expect(pairs.pinned.every((id) => id.startsWith(`runsc-${PINNED}.`))).toBe(true);
    expect(pairs.head.every((id) => id.startsWith(`runsc-${HEAD}.`))).toBe(true);
    expect(pairs.head.length).toBe(pairs.pinned.length);
  });

  test("the newest pinned build with cells here is the one compared; with none, the head's cells run alone", () => {
    const noPinned = declaredCells(engine("own")).filter((c) => !c.id.startsWith(`runsc-${PINNED}`));
    // 20260520 is out of the default (fixtures/cells.json): it has no default cells, so the next one is compared.
    const r = gvisorCells(noPinned, {
      kind: "head",
      release: HEAD,
      pinnedNewestFirst: [PINNED, "20260520", "20240729"],
    });
    if ("error" in r) throw new Error(r.error);
    expect(r.comparedWith).toBe("20240729");
    const alone = gvisorCells(
      noPinned.filter((c) => c.id.startsWith(`runsc-${HEAD}`)),
      { kind: "head", release: HEAD, pinnedNewestFirst: [PINNED] },
    );
    expect(alone).toMatchObject({ filter: `runsc-${HEAD}.*`, comparedWith: null });
    expect("note" in alone && alone.note).toMatch(/nothing to compare/);
  });
});

describe("the head's runtimes", () => {
  const build = { release: HEAD, binary: `/opt/gvisor-conformance/runsc/${HEAD}/runsc` };

  test("one-off: its own, and its cgroup v2 variant where its runsc has the flag", async () => {
    const withFlag = await headRegistrations(build, NET, () =>
      Promise.resolve(
        "  -in-sandbox-cgroup string\n    cgroup setup to use inside the sandbox: v1 (default), v2\n",
      ),
    );
    expect(withFlag).toEqual([
      { name: `runsc-${HEAD}`, path: build.binary, runtimeArgs: NET, oneOff: true },
      {
        name: `runsc-${HEAD}-in-sandbox-cgroup-v2`,
        path: build.binary,
        runtimeArgs: [...NET, "--in-sandbox-cgroup=v2"],
        oneOff: true,
      },
    ]);
    const without = await headRegistrations(build, NET, () => Promise.resolve("  -platform string\n"));
    expect(without.map((r) => r.name)).toEqual([`runsc-${HEAD}`]);
  });

  test("a build failure is said in one line: the command, and go's own last line", () => {
    expect(
      oneLine(
        new Error(
          "go install -v gvisor.dev/gvisor/runsc@v0.0.0-x exited with 1 after 93 s:\npkg/a\n\ngo: compile error: undefined: foo\n",
        ),
      ),
    ).toBe(
      "go install -v gvisor.dev/gvisor/runsc@v0.0.0-x exited with 1 after 93 s; last line: go: compile error: undefined: foo",
    );
    expect(oneLine(new Error("no Go toolchain"))).toBe("no Go toolchain");
    expect(oneLine("plain")).toBe("plain");
  });
});

/** A fake process: signal listeners, and the exit codes asked for. */
function fakeProcess(): SignalTarget & {
  emit(signal: NodeJS.Signals): void;
  count(signal: NodeJS.Signals): number;
} {
  const e = new EventEmitter();
  return {
    on: (s, l) => e.on(s, l),
    off: (s, l) => e.off(s, l),
    emit: (s) => void e.emit(s),
    count: (s) => e.listenerCount(s),
  };
}

describe("OneOffRuntimesGuard", () => {
  const names = [`runsc-${HEAD}`, `runsc-${HEAD}-in-sandbox-cgroup-v2`];

  test("cleanup removes the runtimes once, however often it is called", async () => {
    const removed: (readonly string[])[] = [];
    const lines: string[] = [];
    const guard = new OneOffRuntimesGuard(
      names,
      (n) => Promise.resolve(void removed.push(n)),
      (l) => lines.push(l),
      fakeProcess(),
      () => undefined,
    );
    await Promise.all([guard.cleanup(), guard.cleanup()]);
    await guard.cleanup();
    expect(removed).toEqual([names]);
    expect(lines).toEqual([`removed the one-off runtime(s) ${names.join(", ")}`]);
  });

  test("a signal before the run removes them, then exits as the signal would; disarmed, signals are not its own", async () => {
    const proc = fakeProcess();
    const removed: (readonly string[])[] = [];
    const exits: number[] = [];
    let exited: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (exited = resolve));
    const guard = new OneOffRuntimesGuard(
      names,
      (n) => Promise.resolve(void removed.push(n)),
      () => undefined,
      proc,
      (code) => {
        exits.push(code);
        exited();
      },
    );
    guard.arm();
    guard.arm();
    expect(proc.count("SIGINT")).toBe(1);
    expect(guard.signalled).toBeNull();
    proc.emit("SIGTERM");
    // The run must not start now: the CLI checks this before it starts vitest.
    expect(guard.signalled).toBe("SIGTERM");
    await done;
    expect(removed).toEqual([names]);
    expect(exits).toEqual([143]);
    expect([signalExitCode("SIGINT"), signalExitCode("SIGHUP")]).toEqual([130, 129]);
    guard.disarm();
    expect(["SIGINT", "SIGTERM", "SIGHUP"].map((s) => proc.count(s as NodeJS.Signals))).toEqual([0, 0, 0]);
  });

  test("a removal waits for a registration in progress, and a failing removal says how to finish it", async () => {
    const order: string[] = [];
    const lines: string[] = [];
    let finishRegistration: () => void = () => undefined;
    const registration = new Promise<void>((resolve) => (finishRegistration = resolve)).then(() =>
      order.push("registered"),
    );
    const guard = new OneOffRuntimesGuard(
      names,
      () => {
        order.push("unregister");
        return Promise.reject(new Error("docker: daemon not answering"));
      },
      (l) => lines.push(l),
      fakeProcess(),
      () => undefined,
    );
    void guard.track(registration);
    const cleanup = guard.cleanup();
    await Promise.resolve();
    expect(order).toEqual([]);
    finishRegistration();
    await cleanup;
    expect(order).toEqual(["registered", "unregister"]);
    expect(lines).toEqual([
      `could not remove the one-off runtime(s) ${names.join(", ")} (docker: daemon not answering): ` +
        `npm run runtimes -- remove ${names.join(" ")}`,
    ]);
  });
});
