/**
 * The OCI spec of a repro: the one Docker generated for the cell's container (helpers/repro/capture-spec.ts),
 * made standalone. Pure. What changes, and why:
 * - root.path "rootfs": the bundle's own copy of the image (Docker's was an overlay2 path on its host);
 * - no hooks: Docker's prestart hook is its own network setup (libnetwork-setkey), absent without Docker;
 * - no bind mounts of Docker's per-container files (/etc/resolv.conf, hostname, hosts under
 *   <docker root>/containers/<id>/): repro.sh writes the hosts and hostname Docker gave instead;
 * - linux.cgroupsPath: a placeholder repro.sh fills with a path of its own sandbox (Docker's named its container);
 * - process.args ["sleep", "infinity"]: the harness's container command (the probe runs through `runsc exec`);
 * - no namespace paths: they name namespaces of the host that captured the spec.
 */

export const CGROUPS_PATH_PLACEHOLDER = "@GVC_REPRO_CGROUPS_PATH@";

interface Mount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export interface OciSpec {
  root?: { path: string; readonly?: boolean };
  hooks?: unknown;
  hostname?: string;
  mounts?: Mount[];
  process?: { args?: string[]; [key: string]: unknown };
  linux?: { cgroupsPath?: string; namespaces?: { type: string; path?: string }[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** A bind of a file Docker keeps per container (`.../containers/<64 hex>/hosts`). */
export function isDockerContainerFile(m: Mount): boolean {
  return m.type === "bind" && /\/containers\/[0-9a-f]{64}\/[^/]+$/.test(m.source ?? "");
}

export interface SanitizedSpec {
  spec: OciSpec;
  /** What was left out or replaced, one line each (README). */
  changes: string[];
}

export function sanitizeSpec(docker: OciSpec): SanitizedSpec {
  const spec = structuredClone(docker);
  const changes: string[] = [];
  spec.root = { ...(docker.root?.readonly ? { readonly: true } : {}), path: "rootfs" };
  changes.push(`root.path: "rootfs" (was Docker's overlay2 directory)`);
  if (spec.hooks !== undefined) {
    delete spec.hooks;
    changes.push("hooks: removed (Docker's own network setup, libnetwork-setkey)");
  }
  const dropped = (spec.mounts ?? []).filter(isDockerContainerFile);
  if (dropped.length > 0) {
    spec.mounts = (spec.mounts ?? []).filter((m) => !isDockerContainerFile(m));
    const where = dropped.map((m) => m.destination).join(", ");
    changes.push(
      `mounts: Docker's per-container binds of ${where} removed (repro.sh writes /etc/hosts and /etc/hostname)`,
    );
  }
  spec.process = { ...spec.process, args: ["sleep", "infinity"] };
  if (spec.linux) {
    spec.linux.cgroupsPath = CGROUPS_PATH_PLACEHOLDER;
    changes.push(`linux.cgroupsPath: ${CGROUPS_PATH_PLACEHOLDER}, filled by repro.sh (was Docker's /docker/<id>)`);
    spec.linux.namespaces = spec.linux.namespaces?.map(({ type }) => ({ type }));
  }
  return { spec, changes };
}
