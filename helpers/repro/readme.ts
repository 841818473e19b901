/**
 * README.md of a repro folder: what a maintainer reading a bug report needs without the harness: the claim,
 * the expected and observed verdicts, the versions, the exact error text the run recorded, and how to run the
 * repro. Pure.
 */
import { declaredPlatform } from "../env/cell.js";
import type { EvidenceItem } from "../finding/evidence.js";
import { describeRule } from "../report/entry-labels.js";
import type { ChosenImage } from "./image-archive.js";
import type { ReproTarget } from "./request.js";

export interface ReadmeInput {
  target: ReproTarget;
  runtime: { name: string; runscFlags: readonly string[] };
  image: ChosenImage & { archiveBytes: number };
  specChanges: readonly string[];
  /** The run's settings the probe reads from its environment, as passed to the repro. */
  env: Readonly<Record<string, string>>;
  /** The k3s tier's cluster the repro runs (k3s findings), one line. */
  k3sTier: string | null;
  /** The harness's start bound (s): a sandbox not up by then blocks the cell. */
  startSeconds: number;
  /** The harness's platform probe bound (s), for a runtime that names its platform. */
  platformProbeSeconds: number;
  /** The harness commit the folder was written from (in-sandbox.mjs is built from it), if known. */
  harnessCommit: string | null;
}

const MAX_ERROR_ITEMS = 4;

/** A runtime that names its platform: the harness probes it before the cell starts, and so does repro.sh. */
function platformStep(i: ReadmeInput): string {
  if (declaredPlatform(i.runtime.runscFlags) === null) return "";
  return `
0. checks the platform first, as the harness does before the cell starts: \`runsc ${i.runtime.runscFlags.join(" ")} do
   /bin/true\` must end within ${i.platformProbeSeconds} s, else the cell is blocked (a platform that does not work
   on the host can leave the sandbox spinning without a word, as kvm does without CPU virtualization),`;
}

const fence = (text: string): string => `\`\`\`\n${text.replace(/\n+$/, "").replaceAll("```", "ʼʼʼ")}\n\`\`\``;

const lastLines = (text: string, n: number): string => text.replace(/\n+$/, "").split("\n").slice(-n).join("\n");

/** Errors in the evidence, verbatim: raw error examples and failed steps' stderr (the end of each). */
export function errorTexts(evidence: readonly EvidenceItem[]): { label: string; text: string }[] {
  const found: { label: string; text: string }[] = [];
  for (const item of evidence) {
    if (item.kind === "text" && /^(raw example|blocked at|step ")/.test(item.label))
      found.push({ label: item.label, text: lastLines(item.text, 12) });
    else if (item.kind === "exec" && item.exec.exitCode !== 0 && item.exec.stderr.trim() !== "")
      found.push({
        label: `${item.label} (exit ${item.exec.exitCode})`,
        text: lastLines(item.exec.stderr, 12),
      });
  }
  return found.slice(0, MAX_ERROR_ITEMS);
}

function versions(i: ReadmeInput): [string, string][] {
  const { cell, run } = i.target;
  const o = cell.observation;
  const flags = i.runtime.runscFlags.join(" ") || "none";
  return [
    [
      "gVisor",
      `${o.runscVersion ?? "not observed"}: release ${cell.dimensions.release}, platform ${o.platform ?? cell.dimensions.platform}`,
    ],
    ["runsc flags", `${flags} (Docker runtime \`${i.runtime.name}\`)`],
    ["runc in the sandbox", o.runcVersion],
    ["containerd in the sandbox", o.containerdVersion],
    ["sandbox image", `${cell.image.tag} (${cell.image.id}), Debian ${o.imageSuite}`],
    ["host kernel (the run's)", run.host.kernel],
    ["Docker engine (the run's)", run.host.engineVersion],
    ...(i.k3sTier === null
      ? []
      : ([
          ["k3s tier (the run's)", run.k3sTier ?? "not recorded"],
          ["k3s tier (this repro)", i.k3sTier],
        ] as [string, string][])),
  ];
}

export function renderReadme(i: ReadmeInput): string {
  const { run, finding, cell, result } = i.target;
  const table = (rows: [string, string][]) =>
    ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v.replaceAll("|", "\\|")} |`)].join("\n");
  const errors = errorTexts(result.evidence);
  const settings = Object.entries(i.env).map(([k, v]) => `${k}=${v}`);
  const sizeMb = Math.round(i.image.archiveBytes / 1e6);
  return `# ${finding.id} in ${cell.id}

A standalone reproduction of one verdict of gvisor-conformance run \`${run.id}\`.

**Claim:** ${finding.claim}

Source: the research log, experiment ${finding.source.experiment}, "${finding.source.section}".
How it is measured: ${finding.method ?? "(not recorded)"}

## Verdicts

${table([
  ["observed in the run", `**${result.verdict}**`],
  ["expected", `${result.expected.join(" or ")} (${describeRule(result.rule)})`],
  ["summary", result.summary],
  ...(result.stats
    ? ([["trials", `${result.stats.trials}: ${JSON.stringify(result.stats.counts)}`]] as [string, string][])
    : []),
])}

## Environment

${table(versions(i))}

## The error text, as the run recorded it

${errors.length === 0 ? "No step failed with an error message; the summary above is what decided.\n" : `Raw errors and the stderr of steps that exited non-zero (a check that something is absent exits non-zero when it holds: the summary above says what decided).\n\n${errors.map((e) => `${e.label}:\n\n${fence(e.text)}\n`).join("\n")}`}
## How to run it

\`\`\`sh
sudo ./repro.sh /path/to/runsc
\`\`\`

Needs root, a Docker engine (only to load the image and unpack its files) and a runsc binary: give the run's
release (${cell.dimensions.release}) to check the verdict, or another release to compare. Also \`sh\`, \`tar\`,
\`sed\`, \`timeout\`. It
${platformStep(i)}
1. loads \`image.tar.gz\` unless the engine has image \`${i.image.id}\` (saved by id: no tag is created; an image it
   loaded is removed at the end),
2. unpacks the image's files into a temporary bundle with \`config.json\` (the OCI spec Docker generated for the
   cell's container),
3. starts the sandbox with \`runsc ${i.runtime.runscFlags.join(" ")} run --detach\` (within ${i.startSeconds} s, the harness's bound,
   else the cell is blocked),
4. runs \`node /opt/gvc-repro/in-sandbox.mjs\` in it through \`runsc exec\`: the harness's own code builds the cell's
   cgroup setup (\`${cell.dimensions.cgroupSetup}\`) and faker (\`${cell.dimensions.faker}\`) as its cell start does, runs
   the finding's probe and judge, and prints every step's command, exit code and output,
5. ends with one line, \`VERDICT: holds | does-not-hold | blocked\` (the run's: \`${result.verdict}\`), and removes the
   sandbox, the temporary files and anything it loaded, also on Ctrl-C.

Nothing is registered: no Docker runtime, no image tag, no runsc state outside the temporary directory.
${settings.length > 0 ? `\nThe run's settings the probe reads are passed as they were: ${settings.map((s) => `\`${s}\``).join(", ")}.\n` : ""}
## Files

- \`repro.sh\`: the script above.
- \`in-sandbox.mjs\`: the harness's cell start, probes and judges bundled into one file for the image's Node 18
  (built from \`helpers/repro/in-sandbox.ts\`${i.harnessCommit ? ` at commit \`${i.harnessCommit}\`` : ""}).
- \`cell.json\`: the run's record of the cell, the finding, and the run's settings.
- \`config.json\`: the OCI spec Docker generated for the cell's container, changed only where it named Docker's
  own state:
${i.specChanges.map((c) => `  - ${c}`).join("\n")}
- \`image.tar.gz\` (${sizeMb} MB): \`docker save\` of the image: ${i.image.how}. It is not rebuilt from a Dockerfile
  here: the harness builds it from a debootstrap base and Debian's package mirror, which a reader may not reach.
- \`sandbox-files/\`: copied into the sandbox's root: the cgroup setup and faker scripts the harness sends into
  the sandbox, and the \`/etc/hosts\` and \`/etc/hostname\` Docker gave the container.

## How this differs from the run

- The run started the sandbox through Docker (containerd's shim calls runsc); here runsc runs it directly, with
  the same spec and flags. Steps run in the sandbox as processes of \`in-sandbox.mjs\` instead of \`docker exec\`.
- In the run, a cell's findings share one sandbox, one after another; here the sandbox is fresh and runs this
  finding alone.
- Facts the probe reads on the host (the runsc process serving the sandbox, the host's kernel) are measured by
  \`repro.sh\` on the host it runs on, and passed in.
`;
}
