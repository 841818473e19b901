/**
 * How long the k3s tier waits and watches, read once from the environment. The research log watched the
 * server for 15+ minutes (Experiment 15); a default run watches for 30 s, GVC_K3S_STABLE_SECONDS=900
 * reproduces the log.
 */

export const K3S_TIMING_ENV = {
  readySeconds: "GVC_K3S_READY_SECONDS",
  stableSeconds: "GVC_K3S_STABLE_SECONDS",
  podSeconds: "GVC_K3S_POD_SECONDS",
} as const;

export interface K3sTimings {
  /** Server start to API ready (and node registered, with the agent). */
  readyDeadlineMs: number;
  /** How long "stays up" is watched after ready. */
  stableMs: number;
  /** Interval between stability samples. */
  sampleIntervalMs: number;
  /** Pod creation to its sandbox failing or running. */
  podDeadlineMs: number;
}

export const K3S_TIMING_DEFAULTS = { readySeconds: 180, stableSeconds: 30, podSeconds: 120 } as const;

function seconds(env: Record<string, string | undefined>, key: keyof typeof K3S_TIMING_ENV): number {
  const name = K3S_TIMING_ENV[key];
  const raw = env[name];
  if (raw === undefined || raw === "") return K3S_TIMING_DEFAULTS[key];
  if (!/^\d+$/.test(raw) || Number(raw) === 0)
    throw new Error(`${name}=${raw} is not a whole number of seconds > 0`);
  return Number(raw);
}

/** Why: typed timings read in one place, a bad value refused in words rather than becoming NaN. */
export function k3sTimings(env: Record<string, string | undefined>): K3sTimings {
  const stable = seconds(env, "stableSeconds");
  return {
    readyDeadlineMs: seconds(env, "readySeconds") * 1000,
    stableMs: stable * 1000,
    sampleIntervalMs: Math.min(10, Math.max(1, Math.floor(stable / 6))) * 1000,
    podDeadlineMs: seconds(env, "podSeconds") * 1000,
  };
}
