import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeCliFlow } from "./cli-flow";

// The published entry point, once: the same flow as the source suites, through dist/bin.js and the
// dist of the packages it loads. The cli project's global setup builds them when missing or stale.
describeCliFlow(
  "built dist/bin.js on SQLite",
  undefined,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "keyward-cli-built-"));
    return {
      url: `sqlite:${join(dir, "built.db")}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  "built",
);
