import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeCliFlow } from "./cli-flow";
import { builtBin } from "./spawn-cli";

// CI builds before it tests, so there this runs the published entry point once; on a fresh clone
// without a build it is skipped, and the source-mode suites cover the same flow.
const { skipReason } = builtBin();

describeCliFlow(
  "built dist/bin.js on SQLite",
  skipReason === null
    ? async () => {
        const dir = mkdtempSync(join(tmpdir(), "keyward-cli-built-"));
        return {
          url: `sqlite:${join(dir, "built.db")}`,
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      }
    : null,
  skipReason ?? "",
  "built",
);
