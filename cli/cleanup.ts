/**
 * `npm run cleanup`: removes every container with the project's label (ending the runsc and shim processes of
 * stuck ones first) and orphan runsc processes. Exit 0 when nothing is left, else 1 naming what is.
 */
import { describeRemovalFailures } from "../helpers/sandbox/stuck.js";
import { managedContainers, reapOrphanRunsc, removeContainers } from "../helpers/sandbox/cleanup.js";
import { reapOrphanProbesSync } from "../helpers/sandbox/probe-processes.js";

function main(): number {
  let containers: string[];
  try {
    containers = managedContainers(false);
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message?: string };
    const why = e.code === "ETIMEDOUT" ? "docker ps timed out after 20 s" : String(e.stderr || e.message).trim();
    process.stderr.write(`cleanup: cannot list the containers (${why.split("\n")[0]}); nothing was removed\n`);
    return 1;
  }
  const report = removeContainers(containers);
  const orphans = reapOrphanRunsc();
  const probes = reapOrphanProbesSync();
  const killed = new Set([...report.killed, ...orphans].map((p) => p.pid)).size + probes;
  process.stdout.write(
    `removed ${report.removed.length} container(s), ended ${killed} runsc/shim process(es)` +
      (report.killed.length > 0 ? ` (${report.killed.length} of stuck containers)` : "") +
      (probes > 0 ? ` (${probes} of orphan platform probes)` : "") +
      "\n",
  );
  if (report.failed.length === 0) return 0;
  process.stderr.write(
    `cleanup: could not remove ${report.failed.length} container(s): ${describeRemovalFailures(report)}\n`,
  );
  return 1;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
