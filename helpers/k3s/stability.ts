/**
 * "Stays up": samples a running k3s server (process alive, API answering) at an interval for a duration,
 * with an injected clock. Stops early once the process is gone: nothing after that can recover the claim.
 */
import { realClock, type Clock } from "./readiness.js";

export interface StabilitySample {
  /** ms since the watch started. */
  atMs: number;
  processAlive: boolean;
  apiOk: boolean;
  /** Round trip of the API check, when it answered. */
  latencyMs: number | null;
  /** What failed, when something did. */
  detail?: string;
}

export interface StabilityOptions {
  sample: () => Promise<Omit<StabilitySample, "atMs">>;
  durationMs: number;
  intervalMs: number;
  clock?: Clock;
  onSample?: (s: StabilitySample) => void;
}

/** Why: the evidence for "stays up" is the whole series of samples, not a last look. */
export async function watchStability(options: StabilityOptions): Promise<StabilitySample[]> {
  const clock = options.clock ?? realClock;
  const t0 = clock.now();
  const samples: StabilitySample[] = [];
  for (;;) {
    let s: Omit<StabilitySample, "atMs">;
    try {
      s = await options.sample();
    } catch (e) {
      s = {
        processAlive: true,
        apiOk: false,
        latencyMs: null,
        detail: e instanceof Error ? e.message : String(e),
      };
    }
    const sample = { atMs: clock.now() - t0, ...s };
    samples.push(sample);
    options.onSample?.(sample);
    if (!sample.processAlive || sample.atMs >= options.durationMs) return samples;
    await clock.sleep(Math.min(options.intervalMs, options.durationMs - sample.atMs));
  }
}

export interface StabilitySummary {
  /** How long the watch covered, ms. */
  coveredMs: number;
  samples: number;
  apiFailures: number;
  /** ms at which the process was first seen gone, or null. */
  diedAtMs: number | null;
}

export function summariseStability(samples: readonly StabilitySample[]): StabilitySummary {
  const died = samples.find((s) => !s.processAlive);
  return {
    coveredMs: samples.at(-1)?.atMs ?? 0,
    samples: samples.length,
    apiFailures: samples.filter((s) => !s.apiOk).length,
    diedAtMs: died?.atMs ?? null,
  };
}
