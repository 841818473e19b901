// Allure 3 report for `npm run report:allure`: one self-contained file, so it opens from disk (file://).
import { defineConfig } from "allure";

export default defineConfig({
  name: "gVisor conformance",
  plugins: {
    awesome: { options: { singleFile: true, reportLanguage: "en", groupBy: ["epic", "feature"] } },
  },
});
