/** `npm run cleanup`: removes every container with the project's label and orphan runsc processes. */
import { managedContainers, reapOrphanRunsc, removeContainers } from "../helpers/sandbox/cleanup.js";

const containers = managedContainers(false);
removeContainers(containers);
const orphans = reapOrphanRunsc();
process.stdout.write(
  `removed ${containers.length} container(s), ended ${orphans.length} orphan runsc process(es)\n`,
);
