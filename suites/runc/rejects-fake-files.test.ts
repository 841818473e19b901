import { checkFinding } from "../../helpers/finding/check-finding.js";
import { runRuncTrials } from "../../helpers/probes/runc-trials.js";
import { catalog } from "../catalog.js";
import { rejectsFakeFiles, runcTrials } from "./findings.js";
import { judgeTrials, pathLines } from "./trial-verdicts.js";

checkFinding(catalog, rejectsFakeFiles, async (ctx) => {
  const r = await runRuncTrials(ctx, { trials: runcTrials(), preCreate: true, strace: true });
  if (r.traced) {
    ctx.evidence.text(
      "the path runc takes (strace -f): openat2 first; where it fails (ENOSYS), runc's fallback opens the file and " +
        "checks fstatfs f_type, and anything but cgroupfs is 'not a cgroup file' (runc libcontainer/cgroups/file.go, " +
        "openAndCheck)",
      pathLines(r.traced.excerpt).join("\n"),
    );
  }
  return judgeTrials(r, ["cgroup-procs-not-cgroup-file"]);
});
