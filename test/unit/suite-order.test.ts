import { describe, expect, test } from "vitest";
import { lastLast } from "../../helpers/sandbox/suite-order.js";

describe("conformance file order", () => {
  test("the k3s tier runs last; the others keep their order", () => {
    const files = ["/r/suites/k3s/k3s.test.ts", "/r/suites/runc/a.test.ts", "/r/suites/kernel/k.test.ts"];
    expect(lastLast(files, (f) => f)).toEqual([
      "/r/suites/runc/a.test.ts",
      "/r/suites/kernel/k.test.ts",
      "/r/suites/k3s/k3s.test.ts",
    ]);
  });
});
