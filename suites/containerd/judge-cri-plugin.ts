/** The decision of containerd/cri-kernel-version-check, pure so that each answer is unit-tested. */
import type { ProbeResult } from "../../helpers/finding/probe.js";

/** One containerd run of fixtures/image/probes/cri-plugin.mjs. */
export interface CriVariant {
  name: "off" | "on" | "defaults";
  start: { ok: boolean; exited: number | string | null; stderr: string };
  /** The CRI plugins as `ctr plugins ls` lists them, with their status (ok, error, skip). */
  status: { type: string; id: string; status: string }[];
  /** containerd's log lines about plugins that did not load. */
  errors: string[];
}

export interface CriPluginReport {
  containerdVersion: string;
  uname: string;
  variants: CriVariant[];
}

/** What containerd says when the kernel is too old for the two options. */
export const KERNEL_CHECK =
  /unprivileged_icmp and unprivileged_port require kernel version greater than or equal to 4\.11/;

const loads = (v: CriVariant): boolean => v.status.length > 0 && v.status.every((s) => s.status === "ok");
const failed = (v: CriVariant): string =>
  v.status
    .filter((s) => s.status !== "ok")
    .map((s) => `${s.type}.${s.id} ${s.status}`)
    .join(", ") || "no CRI plugin listed";
/** The reason a plugin did not load, from containerd's log: its `error="..."`, else the whole line. */
function firstError(v: CriVariant): string {
  const line = v.errors.find((l) => /failed to load plugin/.test(l)) ?? v.errors[0] ?? "";
  return (/error="([^"]*)"/.exec(line)?.[1] ?? line).slice(0, 240);
}
function outcome(v: CriVariant | undefined): string {
  if (!v) return "not run";
  if (!v.start.ok) return "containerd did not start";
  if (loads(v)) return "loads";
  return KERNEL_CHECK.test(v.errors.join("\n")) ? "refused for the kernel version" : `refused (${firstError(v)})`;
}

export function judgeCriKernelCheck(r: CriPluginReport): ProbeResult {
  const off = r.variants.find((v) => v.name === "off");
  const on = r.variants.find((v) => v.name === "on");
  const where = `uname ${r.uname}, ${r.containerdVersion || "containerd ?"}`;
  if (!off || !on)
    return { verdict: "blocked", summary: `containerd did not run (${r.containerdVersion || "no version"})` };
  if (!off.start.ok)
    return { verdict: "blocked", summary: `containerd did not start: ${off.start.stderr.trim().slice(-240)}` };
  if (!loads(off))
    return {
      verdict: "blocked",
      summary: `the CRI plugin does not load even with both options off (${failed(off)}: ${firstError(off)}): nothing to tell the options' part (${where})`,
    };
  if (!on.start.ok)
    return {
      verdict: "blocked",
      summary: `containerd did not start with both options on: ${on.start.stderr.trim().slice(-240)}`,
    };
  const defaults = `; with containerd's defaults: ${outcome(r.variants.find((v) => v.name === "defaults"))}`;
  if (loads(on))
    return {
      verdict: "does-not-hold",
      summary: `with both options on the CRI plugin loads (${where})${defaults}`,
    };
  if (KERNEL_CHECK.test(on.errors.join("\n")))
    return {
      verdict: "holds",
      summary: `with both options on: ${failed(on)}: \`${firstError(on)}\` (${where}); with both off it loads${defaults}`,
    };
  return {
    verdict: "does-not-hold",
    summary: `with both options on the CRI plugin is refused, but not for the kernel version: ${failed(on)}: ${firstError(on)} (${where})${defaults}`,
  };
}
