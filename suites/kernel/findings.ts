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

export const kernelFindings = [kernelMatchesRuntime];
