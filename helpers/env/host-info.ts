/** The host side of the run info: kernel, engine, Node, harness version. */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

export async function hostInfo(): Promise<{ kernel: string; engineVersion: string; node: string }> {
  const engine = await execa("docker", ["info", "--format", "{{.ServerVersion}}"], { reject: false });
  return { kernel: os.release(), engineVersion: engine.stdout.trim() || "unknown", node: process.version };
}

export function harnessVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
