/**
 * Pod events to the pod-sandbox failure the log is about: find FailedCreatePodSandBox and classify its
 * message. Reads events from `kubectl get events -o json` and from the Events block of `kubectl describe`
 * (the form the research log quotes).
 */
import { classifyRuntimeError, type ClassifiedRuntimeError } from "../probes/runtime-error-class.js";

export interface PodEvent {
  type: string;
  reason: string;
  message: string;
  count?: number;
  /** The reporting component (`kubelet`, `default-scheduler`). */
  from?: string;
}

export interface SandboxFailure {
  event: PodEvent;
  classified: ClassifiedRuntimeError;
}

export const SANDBOX_FAILED_REASON = "FailedCreatePodSandBox";

/** Why: the sandbox failures in the order given, each classified (a pod retries, so there are usually many). */
export function sandboxFailures(events: readonly PodEvent[]): SandboxFailure[] {
  return events
    .filter((e) => e.reason === SANDBOX_FAILED_REASON)
    .map((event) => ({ event, classified: classifyRuntimeError(event.message) }));
}

/** How many sandbox creations failed: repeated events carry a count. */
export function sandboxFailureCount(events: readonly PodEvent[]): number {
  return sandboxFailures(events).reduce((n, f) => n + (f.event.count ?? 1), 0);
}

/** The latest sandbox failure (events are listed oldest first), or null. */
export function latestSandboxFailure(events: readonly PodEvent[]): SandboxFailure | null {
  return sandboxFailures(events).at(-1) ?? null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** `kubectl get events -o json` (an EventList) to events, oldest first by lastTimestamp when given. */
export function eventsFromKubectlJson(json: unknown): PodEvent[] {
  const items = isObj(json) && Array.isArray(json.items) ? json.items.filter(isObj) : [];
  const stamp = (i: Obj): string => String(i.lastTimestamp ?? i.eventTime ?? "");
  return [...items]
    .sort((a, b) => stamp(a).localeCompare(stamp(b)))
    .map((i) => ({
      type: String(i.type ?? ""),
      reason: String(i.reason ?? ""),
      message: String(i.message ?? ""),
      ...(typeof i.count === "number" ? { count: i.count } : {}),
      ...(isObj(i.source) && typeof i.source.component === "string" ? { from: i.source.component } : {}),
    }));
}

const DESCRIBE_ROW =
  /^\s{0,2}(Normal|Warning)\s{2,}(\S+)\s{2,}\S+(?: \(x(\d+) over \S+\))?\s{2,}(\S+(?:, \S+)?)\s{2,}(.*)$/;

/**
 * The Events table of `kubectl describe` (Type, Reason, Age, From, Message; columns two or more spaces apart),
 * with wrapped message lines (indented continuation lines) joined back with newlines.
 */
export function parseDescribeEvents(text: string): PodEvent[] {
  const events: PodEvent[] = [];
  for (const line of text.split("\n")) {
    const m = DESCRIBE_ROW.exec(line);
    if (m) {
      const [, type, reason, repeats, from, message] = m as unknown as string[];
      events.push({ type, reason, from, message, ...(repeats ? { count: Number(repeats) } : {}) } as PodEvent);
    } else if (events.length > 0 && /^\s+\S/.test(line)) {
      const last = events[events.length - 1] as PodEvent;
      last.message = `${last.message}\n${line}`;
    }
  }
  return events;
}
