/** Findings about the sandbox kernel itself. Data only: ids are stable, never renamed. */
import { defineFinding } from "../../helpers/finding/finding.js";

export const kernelMatchesRuntime = defineFinding({
  id: "kernel/matches-runtime",
  claim:
    "The kernel a cell's container sees MUST be the one its runtime declares: gVisor of the declared release " +
    "under runsc, the host's own kernel under the plain-runc baseline.",
  source: { experiment: "15-17", section: "Context (every experiment ran inside a gVisor sandbox)" },
  dimensions: ["runtime", "release", "platform"],
  method:
    "Inside: first dmesg line, uname -r, /proc/version. On the host: the runsc-sandbox process serving this " +
    "container, its binary's --version. gVisor = dmesg starts with 'Starting gVisor' and the serving binary's " +
    "release is the declared one; host kernel = no runsc process and uname -r equals the host's.",
});

/** Writer processes of the load, each `dd` from the source to a file of its own with fsync, in a loop. */
export const LOAD_WRITERS = 96;
/**
 * How long the writers loop in a trial: the sentry reaches its peak of threads within 1 to 2 s (measured with 96
 * writers: 59 to 313 threads across the builds and platforms), and 20250505 was killed within 3 s in every trial.
 */
export const LOAD_SECONDS = 3;
/**
 * The load counts only where the sentry reached this many threads: the Go runtime's first page of vDSO getrandom
 * states holds 21 (4096 / 192-byte cache-aligned states on this kernel), one per thread that serves getrandom, and
 * the sentry has 15 to 20 threads before any load; a load that stays below about twice that page cannot be trusted
 * to ask for a second one, so it measures nothing. Measured: 20 to 24 threads without the write limit, 59 to 313
 * with it (20240729 the fewest); 20250505 was killed with 26 to 52 sampled.
 */
export const MIN_SENTRY_THREADS = 48;
/** Trials where the first one survived; where one dies, `DEATH_TRIALS` in all give the rate, then a control. */
export const DEATH_TRIALS = 3;

export const survivesGetrandomLoad = defineFinding({
  id: "kernel/survives-getrandom-load",
  claim:
    "A gVisor sandbox MUST survive serving getrandom(2) from many of its host threads at once, as a k3s " +
    "cluster's load makes it do (gVisor 20250505's sandbox exited with status 159, SIGSYS, under the k3s tier).",
  source: {
    experiment: "harness",
    section:
      "issue 22: 20250505's sandbox died of SIGSYS in 2 of 4 default runs with the k3s tier (sessions 17-19)",
  },
  dimensions: ["runtime", "release", "platform", "sentryGetrandomState", "sentryDroppableMmap"],
  method:
    `From the host, a sandbox of its own per trial (the cell's runtime and image): ${LOAD_WRITERS} writers, each ` +
    `\`dd if=/dev/urandom\` with fsync to a folder on a host disk whose writes Docker limits (--device-write-bps ` +
    `2mb), for ${LOAD_SECONDS} s. Blocked fsyncs make the sentry's Go runtime start a thread per waiting writer, ` +
    "and each thread that serves getrandom takes a vDSO getrandom state. Holds when the sandbox ends on its own " +
    `with its threads sampled at ${MIN_SENTRY_THREADS} or more; does not hold when it is killed (the host kernel's ` +
    `seccomp record names the syscall), measured over ${DEATH_TRIALS} trials, with one control of the same load ` +
    "from /dev/zero (no getrandom); blocked when a trial cannot run or the load stays below that many threads.",
  appliesTo: (cell) =>
    cell.runtime !== "runsc"
      ? "measures the runsc sandbox's own process: no sentry under runc"
      : cell.cgroupSetup === "native" && cell.faker === "none" && cell.image === "bookworm"
        ? null
        : `measured once per runtime, in the bookworm native cell without faker (this cell: ${cell.image}, ${cell.cgroupSetup}, faker ${cell.faker})`,
  // each trial is 96 writers and a sentry of up to 300 threads: one cell at a time, not five such loads at once
  timing: true,
  probeOnHost:
    "starts a sandbox of its own per trial from the host (docker run with a write limit), which a repro bundle " +
    "cannot do from inside the cell's sandbox; each trial's evidence is its docker command, which reproduces it",
});

export const kernelFindings = [kernelMatchesRuntime, survivesGetrandomLoad];
