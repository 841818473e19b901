import { describe, expect, test } from "vitest";
import { summarizeReadinessError } from "../../helpers/k3s/readyz-summary.js";

// As kubectl printed it in a run (shortened: 6 of the 40 checks).
const READYZ =
  '/readyz: Error from server (InternalError): an error on the server ("[+]ping ok\\n[+]etcd ok\\n' +
  "[-]poststarthook/start-apiextensions-controllers failed: reason withheld\\n" +
  "[-]poststarthook/crd-informer-synced failed: reason withheld\\n[-]poststarthook/rbac/bootstrap-roles failed: " +
  "reason withheld\\n[-]poststarthook/bootstrap-controller failed: reason withheld\\n[-]autoregister-completion " +
  'failed: reason withheld\\n[+]shutdown ok\\nreadyz check failed") has prevented the request from succeeding';

describe("summarizeReadinessError", () => {
  test("a /readyz answer: the failing checks, four by name", () => {
    expect(summarizeReadinessError(READYZ)).toBe(
      "/readyz: not ready: start-apiextensions-controllers, crd-informer-synced, rbac/bootstrap-roles, " +
        "bootstrap-controller and 1 more failing",
    );
  });

  test("any other error: one line, bounded", () => {
    expect(summarizeReadinessError("/readyz: error: stat /x:\n no such file")).toBe(
      "/readyz: error: stat /x: no such file",
    );
    const long = summarizeReadinessError("x".repeat(500), 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });
});
