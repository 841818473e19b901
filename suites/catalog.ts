/** Every finding of every area, and their expectations: adding an area = one line here. */
import path from "node:path";
import type { Catalog } from "../helpers/finding/check-finding.js";
import { loadExpectations, type ExpectationsIndex } from "../helpers/finding/expectations-load.js";
import { cgroupFindings } from "./cgroups/findings.js";
import { containerdFindings } from "./containerd/findings.js";
import { fakerFindings } from "./faker/findings.js";
import { fuseFindings } from "./fuse/findings.js";
import { inotifyFindings } from "./inotify/findings.js";
import { k3sFindings } from "./k3s/findings.js";
import { kernelFindings } from "./kernel/findings.js";
import { ptraceFindings } from "./ptrace/findings.js";
import { ociRuntimeFindings } from "./oci-runtimes/findings.js";
import { runcFindings } from "./runc/findings.js";

export const ALL_FINDINGS = [
  ...kernelFindings,
  ...cgroupFindings,
  ...inotifyFindings,
  ...fuseFindings,
  ...ptraceFindings,
  ...runcFindings,
  ...ociRuntimeFindings,
  ...fakerFindings,
  ...containerdFindings,
  ...k3sFindings,
];

export const EXPECTATIONS_DIR = path.resolve(import.meta.dirname, "../expectations");

let loaded: Promise<ExpectationsIndex> | undefined;

export const catalog: Catalog = {
  findings: ALL_FINDINGS,
  expectations: () =>
    (loaded ??= loadExpectations(EXPECTATIONS_DIR, ALL_FINDINGS, path.resolve(import.meta.dirname, ".."))),
};
