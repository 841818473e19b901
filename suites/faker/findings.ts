/** Findings about cgroup fakers racing runc (research log, experiments 16 and 17). Data only. */
import { defineFinding } from "../../helpers/finding/finding.js";
import { withFaker } from "../../helpers/finding/applies-to.js";

/**
 * Trials of the statistical race finding (GVC_RACE_TRIALS; default 20: every cell measured so far was at 0 of 30
 * or 30 of 30, far from the 90% threshold, and each trial costs 0.7 s).
 */
export const raceTrials = (): number => Number(process.env.GVC_RACE_TRIALS ?? 20);

export const pollingLosesRace = defineFinding({
  id: "faker/polling-loses-race",
  claim: 'With the 0.5 s polling faker, runc MUST still get "no such file or directory".',
  source: { experiment: "16", section: "Previous attempts: Polling-based daemon (quoted in 17)" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method: "The faker polls every 0.5 s; runc run x5. Holds when 90% of trials end in cgroup-procs-enoent.",
  appliesTo: withFaker("poll"),
});

export const inotifyWinsRace = defineFinding({
  id: "faker/inotify-wins-race",
  claim:
    'With an inotify faker, runc\'s error MUST change from "no such file or directory" to "not a cgroup file".',
  source: { experiment: "17", section: "Phase 4: Error Changed!" },
  dimensions: ["runtime", "release", "platform", "image", "cgroupSetup", "faker"],
  method:
    "The inotify faker (ours, or the log's bash script) watches k8s.io; runc run x20 (GVC_RACE_TRIALS): counts per " +
    "error class. Holds when 90% end in not-a-cgroup-file. Explained by two measured numbers: runc's window from " +
    "mkdir to opening cgroup.procs (strace -tt, itself slowed by tracing) and the faker's reaction time (its log).",
  appliesTo: withFaker("ts", "bash"),
  timing: true,
});

export const fakerFindings = [pollingLosesRace, inotifyWinsRace];
