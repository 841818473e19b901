import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readResultsFile, ResultsReadError } from "../../helpers/report/results-read.js";
import { sampleResults } from "./fixtures/results-fixture.js";

describe("readResultsFile", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "results-read-"));
  });

  const write = async (name: string, text: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("reads a valid results file", async () => {
    const path = await write("ok.json", JSON.stringify(sampleResults()));
    expect((await readResultsFile(path)).run.id).toBe("2024-08-01T10-00-00Z");
  });

  it("rejects a wrong schemaVersion, naming the file", async () => {
    const path = await write("v99.json", JSON.stringify({ ...sampleResults(), schemaVersion: 99 }));
    await expect(readResultsFile(path)).rejects.toThrow(
      `${path}: unsupported schemaVersion 99: this harness reads schemaVersion 1`,
    );
    await expect(readResultsFile(path)).rejects.toBeInstanceOf(ResultsReadError);
  });

  it("rejects a file that is not JSON or lacks parts", async () => {
    await expect(readResultsFile(await write("bad.json", "{nope"))).rejects.toThrow(/bad\.json: not JSON/);
    const noResults = { ...sampleResults(), results: undefined };
    await expect(readResultsFile(await write("partial.json", JSON.stringify(noResults)))).rejects.toThrow(
      /partial\.json: results is not an array/,
    );
    await expect(readResultsFile(join(dir, "missing.json"))).rejects.toThrow(
      /missing\.json: cannot read \(ENOENT\)/,
    );
  });
});
