/**
 * "The measurement failed" versus "the measurement says no": a `docker exec` whose command never ran. Docker says
 * so on stderr (`OCI runtime exec failed: ...`, `Error response from daemon: ...`) with its own exit code (126:
 * cannot exec, 127: the tool is missing); a command that ran and failed exits with its own code and words.
 * Measured under load on these hosts: `OCI runtime exec failed: ... runsc-20260520 did not terminate
 * successfully: exit status 128` for a `dmesg` beside a `uname` that answered in the same cell.
 */

/** Why the command never ran (one line), or null when it ran (whatever its exit code). */
export function execRunFailure(r: { exitCode: number; stderr: string }): string | null {
  if (r.exitCode !== 126 && r.exitCode !== 127 && r.exitCode !== 125 && r.exitCode !== 1) return null;
  const line = r.stderr
    .split("\n")
    .map((l) => l.trim())
    .find((l) => /^(OCI runtime exec failed|Error response from daemon)/.test(l));
  return line ? `docker exec exit ${r.exitCode}: ${line}` : null;
}

/**
 * A failure worth one retry: runsc's own exec ended with an error (seen under load), not a missing tool or a
 * container that is gone, which a retry cannot change.
 */
export function isRetryableRunFailure(reason: string): boolean {
  return /did not terminate successfully|exit status 128/.test(reason) && !/not found|not running/.test(reason);
}
