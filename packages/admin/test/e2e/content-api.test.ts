import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeConsoleSuite } from "./console-suite";
import { startExample } from "./example-server";

const entry = new URL("../../../../examples/content-api/src/server.ts", import.meta.url);
const dataDir = mkdtempSync(join(tmpdir(), "keyward-admin-e2e-"));

describeConsoleSuite({
  title: "admin console on examples/content-api (Express, SQLite)",
  start: () => startExample(entry, { KEYWARD_DATA_DIR: dataDir }, /Using the database/),
  stop: async (server) => {
    await server.process.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
  // The pages model needs a key with content/pages/read; the public role reads posts.
  paths: { protected: "/api/content/items/pages", public: "/api/content/items/posts" },
  screenshots: true,
});
