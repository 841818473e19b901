/** Progress for long host steps: a start line, streamed detail lines, and how long the step took. */
import { execa } from "execa";

const started = Date.now();

/** Seconds since setup began, for log prefixes. */
function clock(): string {
  return `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
}

export function log(message: string): void {
  process.stdout.write(`[setup ${clock()}] ${message}\n`);
}

/** Runs one named step, printing its duration, and rethrows with the step's name on failure. */
export async function step<T>(title: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  log(`▶ ${title}`);
  try {
    const value = await fn();
    log(`✔ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return value;
  } catch (error) {
    log(`✘ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    throw new SetupError(title, error);
  }
}

export class SetupError extends Error {
  constructor(
    readonly stepTitle: string,
    cause: unknown,
  ) {
    super(`setup step "${stepTitle}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Runs a long command, echoing the lines that `show` selects, so the user sees it move. */
export async function runWithProgress(
  argv: readonly string[],
  show: (line: string) => boolean,
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<void> {
  const [file, ...args] = argv as [string, ...string[]];
  const child = execa(file, args, { all: true, reject: false, ...options, lines: false, buffer: true });
  child.all?.setEncoding("utf8");
  let pending = "";
  child.all?.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (show(line)) log(`  ${clip(line.trim(), 150)}`);
  });
  const result = await child;
  if (result.exitCode !== 0) {
    const tail = String(result.all ?? "")
      .split("\n")
      .slice(-15)
      .join("\n");
    throw new Error(`${argv.join(" ")} exited with ${result.exitCode}:\n${tail}`);
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
