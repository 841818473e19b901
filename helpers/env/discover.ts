/** The runtimes to test, discovered from the engine: every runsc runtime plus the plain-runc baseline. */
import path from "node:path";
import { engineRuntimes } from "../host/runtime-registry.js";
import type { Runtime } from "./cell.js";

/** A runtime is runsc when its binary is named runsc (whatever the runtime is called). */
export function runtimeFromEngine(name: string, entry: { path: string; runtimeArgs?: string[] }): Runtime | null {
  if (path.basename(entry.path) !== "runsc") return null;
  const release = /^runsc-(\d{8})/.exec(name)?.[1] ?? "unknown";
  return { kind: "runsc", name, release, path: entry.path, runtimeArgs: entry.runtimeArgs ?? [] };
}

export async function discoverRuntimes(): Promise<Runtime[]> {
  const engine = await engineRuntimes();
  const runsc = Object.entries(engine)
    .map(([name, entry]) => runtimeFromEngine(name, entry))
    .filter((r): r is Runtime => r !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...runsc, { kind: "runc", name: "runc" }];
}
