/** Findings about inotify on cgroup directories (research log, experiment 17 phase 3). Data only. */
import { kernelOnly } from "../../helpers/finding/applies-to.js";
import { defineFinding } from "../../helpers/finding/finding.js";

/** The log's bound for "real time", and how many directories each series makes (GVC_INOTIFY_MKDIRS). */
export const REALTIME_BOUND_MS = 1000;
export const inotifyMkdirs = (): number => Number(process.env.GVC_INOTIFY_MKDIRS ?? 100);

export const realtimeCreate = defineFinding({
  id: "inotify/realtime-create",
  claim: "inotify MUST report a new directory in a cgroup hierarchy in real time: every one, each within 1 s.",
  source: { experiment: "17", section: "Phase 3: Test Real-Time Detection" },
  dimensions: ["runtime", "release", "platform", "cgroupSetup"],
  method:
    "inotifywait -m -e create (as the log's daemon) on memory/k8s.io as the cell's setup left it, and on a fresh " +
    "tmpfs for comparison; 100 mkdirs 5 ms apart on each (GVC_INOTIFY_MKDIRS); latency = event received - mkdir " +
    "started. Holds when on the cgroup directory no event is missed and the maximum is under the log's 1 s.",
  // A running faker fills new directories: these findings describe the sandbox kernel without one.
  appliesTo: kernelOnly,
  timing: true,
});

export const inotifyFindings = [realtimeCreate];
