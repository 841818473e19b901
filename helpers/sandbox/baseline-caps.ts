/**
 * Capabilities for the plain-runc baseline: every classic capability (those Docker 20.10 knows) that this
 * host's capability bounding set has. `--privileged` asks for all of them and fails where one is missing
 * (CAP_SYS_RESOURCE on these hosts).
 */
import { readFileSync } from "node:fs";

/** Bit number -> name, CAP_CHOWN (0) to CAP_AUDIT_READ (37). */
const CLASSIC_CAPS = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
] as const;

/** The CapBnd mask of /proc/self/status (the harness runs as root, so its set is the host's). */
export function boundingSet(status = readFileSync("/proc/self/status", "utf8")): bigint {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!hex) throw new Error("cannot read CapBnd from /proc/self/status");
  return BigInt(`0x${hex}`);
}

export function baselineCapabilities(mask: bigint = boundingSet()): string[] {
  return CLASSIC_CAPS.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}
