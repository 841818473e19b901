/** Labels on every container the harness starts, so that every one of them can be found and removed. */
export const LABEL_MANAGED = "org.gvisor-conformance.managed";
export const LABEL_RUN = "org.gvisor-conformance.run";
export const LABEL_CELL = "org.gvisor-conformance.cell";
/** The pid of the process that started the container: a container whose starter is gone is a leftover. */
export const LABEL_OWNER_PID = "org.gvisor-conformance.owner-pid";

export function labelsFor(runId: string, cellId: string): Record<string, string> {
  return {
    [LABEL_MANAGED]: "true",
    [LABEL_RUN]: runId,
    [LABEL_CELL]: cellId,
    [LABEL_OWNER_PID]: String(process.pid),
  };
}
