/**
 * The seccomp rule runsc installs on its own sentry for mmap, read from runsc's own debug log: whether it lets the
 * Go runtime allocate vDSO getrandom state (mmap with PROT_READ|PROT_WRITE and MAP_DROPPABLE|MAP_ANONYMOUS, flags
 * 0x28). A sentry built with Go 1.24 or later, on a host kernel with getrandom in its vDSO (6.11 or later),
 * allocates that state a page at a time, whenever a thread that has none serves getrandom and the page is used up;
 * where the rule refuses it, the host kernel kills the whole sandbox with SIGSYS (gVisor added the rule in commit
 * 2ec68434d, "Update seccomp filters to support new kernels", first in release-20250804.0).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { declaredPlatform, type SentryDroppableMmapFact } from "../env/cell.js";

/** The flags the kernel's vDSO asks getrandom's state to be mapped with (vgetrandom_opaque_params.mmap_flags). */
export const DROPPABLE_ANON_FLAGS = "0x28";

export interface SentryMmapRule {
  fact: SentryDroppableMmapFact;
  /** The rule's lines as the debug log printed them (after "Installing seccomp filters"), or why there are none. */
  evidence: string;
}

/**
 * Why: the fact from a boot log's text. Only the filter the sentry installs on itself counts: the lines after the
 * last "Installing seccomp filters" (the systrap stubs' filters come before it). Two formats: `- Syscall    9:
 * {... => allow}` (2024 and later) and `syscall filter mmap: [( * * * == 0x1 ) ...] => 0x616c6c6f77` (2022,
 * the action in hex: "allow"). Pure.
 */
export function parseSentryMmapRule(bootLog: string): SentryMmapRule {
  const lines = bootLog.split("\n");
  const start = lines.findLastIndex((l) => l.includes("Installing seccomp filters"));
  if (start < 0) return { fact: "unknown", evidence: 'no "Installing seccomp filters" line in the boot log' };
  const end = lines.findIndex((l, i) => i > start && l.includes("Seccomp filters installed"));
  const installed = lines.slice(start, end < 0 ? undefined : end);
  const mmap = installed.filter((l) => /\bSyscall\s+9:|syscall filter mmap:/.test(l));
  if (mmap.length === 0) return { fact: "unknown", evidence: "the installed filter's lines name no mmap rule" };
  const evidence = mmap.map((l) => l.replace(/^.*?\] */, "").trim()).join("\n");
  const allowsDroppable = mmap.some(
    (l) =>
      /\bSyscall\s+9:\s*allow\s*$/.test(l) ||
      new RegExp(`arg\\[3\\](?:\\.low)? == ${DROPPABLE_ANON_FLAGS}\\b`).test(l) ||
      (/=> 0x616c6c6f77\s*$/.test(l) && new RegExp(`== ${DROPPABLE_ANON_FLAGS} \\)`).test(l)),
  );
  return { fact: allowsDroppable ? "allowed" : "refused", evidence };
}

const cache = new Map<string, Promise<SentryMmapRule>>();

/**
 * The rule of a runsc binary with its platform flag (the filter depends on the platform), read once per run:
 * `runsc --debug do true` in a throwaway root, without network. Never throws: a binary that cannot do it is
 * `unknown`, with why.
 */
export function sentryMmapRule(binary: string, runtimeArgs: readonly string[]): Promise<SentryMmapRule> {
  const platform = declaredPlatform(runtimeArgs);
  const key = `${binary} ${platform ?? ""}`;
  let rule = cache.get(key);
  if (!rule) {
    rule = readRule(binary, platform);
    cache.set(key, rule);
  }
  return rule;
}

async function readRule(binary: string, platform: string | null): Promise<SentryMmapRule> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gvc-sentry-filter-"));
  try {
    const args = [
      `--root=${dir}/state`,
      "--debug",
      `--debug-log=${dir}/log/`,
      "--network=none",
      ...(platform ? [`--platform=${platform}`] : []),
      "do",
      "true",
    ];
    const run = await execa(binary, args, { reject: false, timeout: 60_000 });
    const boot = (await readdir(`${dir}/log`).catch(() => [] as string[])).find((f) => f.endsWith(".boot.txt"));
    if (!boot) {
      const why = (run.stderr || run.stdout || run.message || "").split("\n").filter(Boolean).at(-1) ?? "";
      return {
        fact: "unknown",
        evidence: `\`${path.basename(binary)} --debug do true\` wrote no boot log (exit ${run.exitCode ?? "none"}): ${why}`,
      };
    }
    return parseSentryMmapRule(await readFile(`${dir}/log/${boot}`, "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
