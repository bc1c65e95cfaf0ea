// Express 5, ESM, TypeScript with `module: nodenext`: what an app written today sees. tsc --noEmit
// must accept it (types resolved through the packages' `exports`), then it runs over real HTTP.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createKeyward, type KeywardOptions, memoryStore, type Principal } from "@keyward/core";
import { apiKeyAuth, getAuth, KeywardHttpError, requirePermission } from "@keyward/express";
import express from "express";
import { httpRequester, runChecks, seed } from "./checks.mjs";

const options: KeywardOptions = { store: memoryStore() };
const keyward = createKeyward(options);
const keys = await seed(keyward);

const app = express();
app.use("/api", apiKeyAuth(keyward));
app.get("/api/posts", requirePermission("posts/read"), (req, res) => {
  const caller: Principal | undefined = getAuth(req);
  res.json({ kind: caller?.kind ?? null, canWrite: caller?.can("posts/write") ?? false });
});
app.get("/api/drafts", requirePermission({ all: ["posts/write"] }), (_req, res) => {
  res.json({ drafts: [] });
});
app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(error instanceof KeywardHttpError ? error.status : 500).end();
});

const server = app.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;
const label = `express 5 ESM (TypeScript nodenext) on Node ${process.versions.node}`;
const failed = await runChecks(label, httpRequester(`http://127.0.0.1:${port}`), keys);
server.closeAllConnections();
server.close();
await keyward.close();
process.exitCode = failed === 0 ? 0 : 1;
