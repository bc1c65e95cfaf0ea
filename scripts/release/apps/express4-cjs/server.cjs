// Express 4, CommonJS: the packages loaded with require() (their `require` export condition).
const { createKeyward, memoryStore } = require("@keyward/core");
const { apiKeyAuth, getAuth, requirePermission } = require("@keyward/express");
const express = require("express");

async function main() {
  // The shared checks are an ES module; only the code under test has to be CommonJS.
  const { httpRequester, runChecks, seed } = await import("./checks.mjs");
  const keyward = createKeyward({ store: memoryStore() });
  const keys = await seed(keyward);

  const app = express();
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/posts", requirePermission("posts/read"), (req, res) =>
    res.json({ kind: getAuth(req)?.kind }),
  );
  app.get("/api/drafts", requirePermission("posts/write"), (_req, res) => res.json({ drafts: [] }));

  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const label = `express ${require("express/package.json").version} CommonJS on Node ${process.versions.node}`;
  const failed = await runChecks(label, httpRequester(`http://127.0.0.1:${server.address().port}`), keys);
  server.closeAllConnections();
  server.close();
  await keyward.close();
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
