/**
 * The Testcontainers container for one cell: the sandbox image under the cell's Docker runtime.
 * runsc cells run privileged (inside gVisor that grants the sandbox's own capabilities only); the plain-runc
 * baseline gets every capability this host allows instead, since `--privileged` fails here (the host's
 * bounding set lacks CAP_SYS_RESOURCE).
 */
import { GenericContainer } from "testcontainers";
import type { Cell } from "../env/cell.js";
import { baselineCapabilities } from "./baseline-caps.js";
import { labelsFor } from "./labels.js";

/** Fields the builder has no method for (Docker runtime, masked paths): set on the host config directly. */
type HostConfigExtras = { Runtime?: string; MaskedPaths?: string[]; ReadonlyPaths?: string[] };

export class SandboxContainer extends GenericContainer {
  constructor(image: string, cell: Cell, runId: string) {
    super(image);
    const extras = this.hostConfig as HostConfigExtras;
    extras.Runtime = cell.runtime.name;
    this.withLabels(labelsFor(runId, cell.id)).withCommand(["sleep", "infinity"]).withStartupTimeout(120_000); // no ports: the default wait strategy returns once the container runs
    if (cell.runtime.kind === "runsc") {
      this.withPrivilegedMode();
    } else {
      this.withAddedCapabilities(...baselineCapabilities()).withSecurityOpt(
        "seccomp=unconfined",
        "apparmor=unconfined",
      );
      extras.MaskedPaths = []; // systempaths=unconfined
      extras.ReadonlyPaths = [];
    }
  }
}
