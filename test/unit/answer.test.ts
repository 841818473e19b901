import { describe, expect, it } from "vitest";
import { answerOf } from "../../helpers/report/answer.js";
import type { PodCellAnswer } from "../../helpers/report/answer-model.js";
import { podStatusOf, type PodResults } from "../../helpers/report/answer-pod-status.js";
import { podStatusText } from "../../helpers/report/answer-words.js";
import { CELLS, GO, answerRun, podFails, podRuns, withPodResults } from "./fixtures/answer-fixture.js";
import { execEvidence, fixtureCell, fixtureResult, fixtureResults } from "./fixtures/results-fixture.js";

const answer = answerOf(answerRun());
const podOf = (cellId: string): PodCellAnswer => {
  const found = answer.pods.flatMap((g) => g.cells).find((c) => c.cellId === cellId);
  if (!found) throw new Error(`no pod answer for ${cellId}`);
  return found;
};

describe("answerOf: the headline", () => {
  it("says where pods run in gVisor and what stops them, counted by layer and class", () => {
    expect(answer.headline).toBe(
      `Pods in gVisor: run in 5 of 14 measured cells (bookworm native: ${GO}, 20260520, 20240729; ` +
        `cgroup-v2 bookworm native: ${GO}; cgroup-v2 bookworm overlay-memory: ${GO}), exec failing in 1 of them; ` +
        "stopped in 9: at sandbox start: start-timeout (1); at kubelet: kubelet-exited (2); " +
        "at pod sandbox (runc cgroups): cgroup-procs-enoent (3), cgroup-procs-not-cgroup-file (3).",
    );
  });

  it("counts the findings x cells that apply (no test where one does not apply)", () => {
    expect(answer.applies).toBe(
      "This run: 52 findings x cells apply (6 findings in 16 cells): 52 measured; 6 more do not apply (no test). No docker exec of a probe failed to run.",
    );
  });

  it("says which applying findings x cells were skipped, and why, apart from those that do not apply", () => {
    const cell = fixtureCell();
    const line = answerOf(
      fixtureResults(
        [cell],
        [
          fixtureResult("kernel/x", cell.id),
          fixtureResult("k3s/server-stable", cell.id, {
            outcome: "skipped",
            verdict: null,
            reason: "k3s tier did not run: no cluster (how to provide it: run summary, README)",
          }),
          fixtureResult("faker/y", cell.id, {
            outcome: "not-applicable",
            verdict: null,
            reason: "needs faker ts",
          }),
        ],
      ),
    ).applies;
    expect(line).toMatch(
      /^This run: 2 findings x cells apply \(2 findings in 1 cell\): 1 measured, 1 skipped \(k3s tier did not run: no cluster\); 1 more does not apply \(no test\)\./,
    );
  });

  it("says plainly when no pod finding ran", () => {
    const cell = fixtureCell();
    const none = answerOf(fixtureResults([cell], [fixtureResult("kernel/x", cell.id)]));
    expect(none.headline).toBe(
      "Pods in gVisor: not measured in this run (the k3s tier's pod findings applied in no gVisor cell).",
    );
    expect(none.pods).toEqual([]);
  });
});

describe("answerOf: pods in gVisor, cell by cell", () => {
  it("groups cells by release, newest first, the runc baseline last", () => {
    expect(answer.pods.map((g) => g.title)).toEqual([
      `gVisor ${GO}`,
      "gVisor 20260520",
      "gVisor 20250505",
      "gVisor 20240729",
      "gVisor 20221219",
      "runc baseline (no gVisor: the control)",
    ]);
    expect(answer.pods[0]?.cells.map((c) => c.shape)).toEqual([
      "bookworm native",
      "bookworm overlay-memory",
      "bookworm overlay-memory faker-ts",
      "cgroup-v2 bookworm native",
      "cgroup-v2 bookworm overlay-memory",
    ]);
  });

  it("reads a running pod: seconds to Running, logs, exec (from the evidence)", () => {
    expect(podOf(CELLS.go.id).status).toEqual({
      kind: "runs",
      runningAfterS: 6,
      logs: "read",
      exec: "answers",
      service: { kind: "unknown", reason: "not measured here" },
    });
    expect(podOf(CELLS.c2024.id).status).toEqual({
      kind: "runs",
      runningAfterS: 5,
      logs: "read",
      exec: "fails",
      service: { kind: "unknown", reason: "not measured here" },
    });
    expect(podOf(CELLS.go.id).unblock).toBeNull();
  });

  it("reads FailedCreatePodSandBox as the pod sandbox layer, class and innermost error", () => {
    expect(podOf(CELLS.c2024Overlay.id).status).toEqual({
      kind: "stopped",
      layer: "pod sandbox (runc cgroups)",
      errorClass: "cgroup-procs-enoent",
      evidence:
        "failed to write <PID>: open /sys/fs/cgroup/memory/k8s.io/<ID>/cgroup.procs: no such file or directory",
    });
    expect(podOf(CELLS.c2024Ts.id).status).toMatchObject({ errorClass: "cgroup-procs-not-cgroup-file" });
  });

  it("reads the same from the summaries alone when the classified failure is not in the evidence", () => {
    expect(podOf(CELLS.c2026Overlay.id).status).toEqual(podOf(CELLS.c2024Overlay.id).status);
    expect(podOf(CELLS.c2026Ts.id).status).toEqual(podOf(CELLS.c2024Ts.id).status);
  });

  it("stops a blocked cell at sandbox start, and 20221219's at the kubelet", () => {
    expect(podOf(CELLS.c2025.id).status).toEqual({
      kind: "stopped",
      layer: "sandbox start",
      errorClass: "start-timeout",
      evidence: "starting the sandbox: not up within 90 s (GVC_SANDBOX_START_SECONDS), still starting the sandbox",
    });
    expect(podOf(CELLS.old.id).status).toEqual({
      kind: "stopped",
      layer: "kubelet",
      errorClass: "kubelet-exited",
      evidence:
        "kubelet exited with status 1 (last error: failed to make /var/lib/kubelet rshared: invalid argument)",
    });
  });
});

describe("answerOf: what unblocks a stopped pod", () => {
  it("finds every measured cell one dimension away where the pod runs, setup first", () => {
    expect(podOf(CELLS.goOverlay.id).unblock).toEqual([
      {
        axis: "cgroupSetup",
        change: "without the tmpfs over memory/k8s.io (cgroupSetup native)",
        cellId: CELLS.go.id,
      },
      {
        axis: "sandboxCgroup",
        change: "with cgroup v2 inside the sandbox (sandbox cgroup v2)",
        cellId: CELLS.goV2Overlay.id,
      },
    ]);
    expect(podOf(CELLS.runcOverlay.id).unblock?.map((u) => u.cellId)).toEqual([CELLS.runc.id]);
  });

  it("takes the nearest release that runs it, not every release", () => {
    expect(podOf(CELLS.old.id).unblock).toEqual([
      { axis: "release", change: "in gVisor 20240729 (newer release)", cellId: CELLS.c2024.id },
    ]);
    expect(podOf(CELLS.c2025.id).unblock).toEqual([
      { axis: "release", change: "in gVisor 20240729 (older release)", cellId: CELLS.c2024.id },
    ]);
  });

  it("says none when no one-dimension neighbour runs it (two dimensions away does not count)", () => {
    expect(podOf(CELLS.goTs.id).unblock).toEqual([]);
    // runsc-<go>-in-sandbox-cgroup-v2 overlay runs, but differs from 20221219's overlay in release and cgroup.
    expect(podOf(CELLS.oldOverlay.id).unblock).toEqual([]);
  });

  it("finds a faker neighbour once the no-faker pod runs", () => {
    const after = answerOf(withPodResults(answerRun(), CELLS.goOverlay, podRuns(CELLS.goOverlay, 9, true)));
    const ts = after.pods.flatMap((g) => g.cells).find((c) => c.cellId === CELLS.goTs.id);
    expect(ts?.unblock).toEqual([
      { axis: "faker", change: "without the inotify faker (faker none)", cellId: CELLS.goOverlay.id },
    ]);
  });
});

describe("podStatusOf: the other layers", () => {
  const c = fixtureCell({ cgroupSetup: "overlay-memory" });
  const pods = (summary: string, verdict: "holds" | "blocked" = "blocked", over: Partial<PodResults> = {}) =>
    podStatusOf({
      cell: c,
      neverRuns: fixtureResult("k3s/pod-never-runs", c.id, { verdict, summary }),
      sandboxFails: null,
      serverStable: null,
      ...over,
    });

  it("an API server that never answered: cluster components", () => {
    expect(
      pods(
        "the cluster was not ready after 180 s: still waiting for api /readyz (last error: connection refused)",
      ),
    ).toEqual({
      kind: "stopped",
      layer: "cluster components",
      errorClass: "api-not-ready",
      evidence: "still waiting for api /readyz (last error: connection refused)",
    });
  });

  it("a component that ended the cluster, or a cluster that could not start", () => {
    expect(
      pods(
        "the cluster was not ready: it ended after 40 s, before api /readyz: kube-apiserver exited with status 1",
      ),
    ).toMatchObject({ layer: "cluster components", errorClass: "kube-apiserver-exited" });
    expect(
      pods("the cluster was not ready: it ended after 0 s, before its start: start-cluster.sh: no cluster here"),
    ).toMatchObject({ layer: "cluster components", errorClass: "cluster-start-failed" });
  });

  it("a node that never registered: the kubelet", () => {
    expect(pods("the cluster was not ready after 120 s: still waiting for node runsc registered")).toMatchObject({
      layer: "kubelet",
      errorClass: "node-not-registered",
    });
  });

  it("not scheduled: cluster components, with the unstable server's summary when it ran", () => {
    expect(pods("the pod was not scheduled within 60 s")).toMatchObject({
      layer: "cluster components",
      errorClass: "pod-not-scheduled",
    });
    const serverStable = fixtureResult("k3s/server-stable", c.id, {
      verdict: "does-not-hold",
      summary: "ready in 42 s, then k3s exited after 30 s",
    });
    expect(pods("the pod was not scheduled within 60 s", "blocked", { serverStable })).toEqual({
      kind: "stopped",
      layer: "cluster components",
      errorClass: "server-unstable",
      evidence: "ready in 42 s, then k3s exited after 30 s",
    });
  });

  it("a sandbox failure that is not about cgroups is the pod sandbox, not runc cgroups", () => {
    const [neverRuns = null] = podFails(
      c,
      "runc create failed: unsafe procfs detected: /proc is not procfs",
      true,
    );
    expect(podStatusOf({ cell: c, neverRuns, sandboxFails: null, serverStable: null })).toMatchObject({
      layer: "pod sandbox",
      errorClass: "unsafe-procfs",
    });
  });

  it("the pod's image, or no Running without a sandbox failure: container start", () => {
    expect(pods("the pod's image was not available on node runsc: ErrImageNeverPull")).toMatchObject({
      layer: "container start",
      errorClass: "ErrImageNeverPull",
    });
    expect(
      pods("scheduled on node runsc, not Running after 60 s: Pending (ContainerCreating)", "holds"),
    ).toMatchObject({ layer: "container start", errorClass: "ContainerCreating" });
  });

  it("a harness error measures nothing; an unreadable summary is said as it is", () => {
    const error = fixtureResult("k3s/pod-never-runs", c.id, {
      outcome: "error",
      verdict: null,
      reason: "docker exec failed",
    });
    expect(podStatusOf({ cell: c, neverRuns: error, sandboxFails: null, serverStable: null })).toEqual({
      kind: "not-measured",
      reason: "harness error: docker exec failed",
    });
    expect(pods("something new", "holds")).toEqual({
      kind: "stopped",
      layer: "an unclassified step",
      errorClass: "unclassified",
      evidence: "something new",
    });
  });

  it("reads logs and exec from the summary when the evidence lacks them", () => {
    const neverRuns = fixtureResult("k3s/pod-never-runs", c.id, {
      verdict: "does-not-hold",
      summary: 'the pod reached Running on node runsc after 9 s; no logs; exec: "gvc-exec-ok"',
      evidence: [execEvidence(["true"])],
    });
    expect(podStatusOf({ cell: c, neverRuns, sandboxFails: null, serverStable: null })).toEqual({
      kind: "runs",
      runningAfterS: 9,
      logs: "not read",
      exec: "answers",
      service: { kind: "unknown", reason: "not measured here" },
    });
  });
});

describe("the Service beside a running pod (k3s/service-networking-fails)", () => {
  const c = fixtureCell();
  const neverRuns = fixtureResult("k3s/pod-never-runs", c.id, {
    verdict: "does-not-hold",
    summary: 'the pod reached Running on node runsc after 4 s; logs: "x"; exec: "gvc-exec-ok"',
  });
  const status = (verdict: "holds" | "does-not-hold" | "blocked", summary: string) =>
    podStatusOf({
      cell: c,
      neverRuns,
      sandboxFails: null,
      serverStable: null,
      service: fixtureResult("k3s/service-networking-fails", c.id, { verdict, summary }),
    });
  // Recorded on the go-branch snapshot of 2026-09-05, 2026-12-06.
  const stoppedAtCni =
    'stopped at pod network (CNI add): plugin type="bridge" failed (add): failed to setup hairpin mode for ' +
    "veth2d4ee463: operation not supported; also measured: endpoints: gvc-web-host has ready endpoints 10.42.0.1";

  it("reads the layer it stopped at and its error, without what was measured past it", () => {
    const s = status("holds", stoppedAtCni);
    expect(s.kind === "runs" && s.service).toEqual({
      kind: "stopped",
      layer: "pod network (CNI add)",
      evidence:
        'plugin type="bridge" failed (add): failed to setup hairpin mode for veth2d4ee463: operation not supported',
    });
    expect(podStatusText(s)).toBe(
      "runs: Running after 4 s, logs read, exec answers, Service stopped at pod network (CNI add)",
    );
  });

  it("a Service that answers, and one that was not measured", () => {
    const answers = status("does-not-hold", "the Service answers with endpoints: pod network (CNI add): ok");
    expect(answers.kind === "runs" && answers.service).toEqual({ kind: "answers" });
    expect(podStatusText(answers)).toMatch(/, Service with endpoints answers$/);
    const blocked = status("blocked", "no layer failed, but DNS name through CoreDNS could not be measured");
    expect(blocked.kind === "runs" && blocked.service.kind).toBe("unknown");
    expect(podStatusText(blocked)).toMatch(/, Service not measured$/);
  });

  it("the headline counts where the Service answers and where it stopped", () => {
    const cell = fixtureCell();
    const headline = answerOf(
      fixtureResults(
        [cell],
        [
          { ...neverRuns, cellId: cell.id },
          fixtureResult("k3s/service-networking-fails", cell.id, { verdict: "holds", summary: stoppedAtCni }),
        ],
      ),
    ).headline;
    expect(headline).toMatch(
      / Service networking with endpoints, where pods run: answers in none of 1 measured cell; stopped at pod network \(CNI add\) \(1\)\.$/,
    );
  });
});

describe("answerOf: the log's claims", () => {
  const line = (id: string) => answer.claims.find((c) => c.findingId === id);

  it("one line per finding, with its short claim, sorted by id", () => {
    expect(answer.claims.map((c) => c.findingId)).toEqual([
      "faker/inotify-wins-race",
      "k3s/pod-never-runs",
      "k3s/pod-sandbox-fails",
      "k3s/server-stable",
      "kernel/matches-runtime",
      "runc/enoent-without-files",
    ]);
    expect(line("k3s/pod-never-runs")?.claim).toBe(
      "A pod scheduled on the sandbox's node MUST NOT reach Running.",
    );
  });

  it("the log's situation: the tmpfs over memory/k8s.io without a faker; own cgroupfs; the newest gVisor", () => {
    expect(line("k3s/pod-never-runs")?.verdicts).toEqual({
      log: { outcome: "as-expected", verdict: "holds", cellId: CELLS.goOverlay.id },
      own: { outcome: "as-expected", verdict: "does-not-hold", cellId: CELLS.go.id },
      newest: { outcome: "as-expected", verdict: "holds", cellId: CELLS.goOverlay.id },
    });
  });

  it("a finding measured only with a faker: the faker cell; one only on native: native; — where not measured", () => {
    expect(line("faker/inotify-wins-race")?.verdicts).toMatchObject({
      log: { cellId: CELLS.goTs.id },
      own: null,
      newest: { cellId: CELLS.goTs.id },
    });
    expect(line("kernel/matches-runtime")?.verdicts.log?.cellId).toBe(CELLS.go.id);
    expect(line("runc/enoent-without-files")?.verdicts).toMatchObject({
      log: { outcome: "unexpected", verdict: "does-not-hold" },
      own: null,
    });
  });

  it("the newest release that measured it, and — in the newest gVisor when it did not", () => {
    const old = fixtureCell({ release: "20240729", cgroupSetup: "overlay-memory" });
    const newer = fixtureCell({ release: "20260520", cgroupSetup: "overlay-memory" });
    const newest = fixtureCell({ release: GO });
    const file = fixtureResults(
      [old, newer, newest],
      [
        fixtureResult("runc/x", old.id, { verdict: "does-not-hold" }),
        fixtureResult("runc/x", newer.id),
        fixtureResult("runc/x", newest.id, { outcome: "skipped", verdict: null }),
      ],
    );
    const [x] = answerOf(file).claims;
    expect(x?.verdicts).toEqual({
      log: { outcome: "as-expected", verdict: "holds", cellId: newer.id },
      own: null,
      newest: null,
    });
    expect(answerOf(file).newestRelease).toBe(GO);
  });
});
