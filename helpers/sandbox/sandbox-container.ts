/**
 * The Testcontainers container for one cell: the sandbox image under the cell's Docker runtime.
 * runsc cells run privileged (inside gVisor that grants the sandbox's own capabilities only); the plain-runc
 * baseline gets every capability this host allows instead, since `--privileged` fails here (the host's
 * bounding set lacks CAP_SYS_RESOURCE).
 */
import { existsSync } from "node:fs";
import { GenericContainer } from "testcontainers";
import type { Cell } from "../env/cell.js";
import { baselineCapabilities } from "./baseline-caps.js";
import { labelsFor } from "./labels.js";

/** Fields the builder has no method for (Docker runtime, masked paths): set on the host config directly. */
type HostConfigExtras = {
  Runtime?: string;
  MaskedPaths?: string[];
  ReadonlyPaths?: string[];
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
};

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
      // FUSE on plain Linux is the control for the FUSE findings: the baseline gets the host's /dev/fuse.
      if (existsSync("/dev/fuse"))
        extras.Devices = [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" }];
    }
  }
}
