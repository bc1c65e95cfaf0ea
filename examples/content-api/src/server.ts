import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createKeyward } from "@keyward/core";
import { sqliteStore } from "@keyward/sqlite";
import Database from "better-sqlite3";
import { createContentApp } from "./app";
import { sqliteContentStore } from "./content-store";
import { seedOnFirstStart } from "./seed";

// KEYWARD_DATA_DIR lets tests (and you) keep the database elsewhere; by default it is ./data.
const dataDir = process.env.KEYWARD_DATA_DIR ?? fileURLToPath(new URL("../data/", import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

mkdirSync(dataDir, { recursive: true });
const db = new Database(join(dataDir, "keyward.db"));
db.pragma("journal_mode = WAL");
const store = sqliteStore(db);
await store.migrate();
const keyward = createKeyward({
  store,
  ...(process.env.KEYWARD_PEPPER ? { pepper: process.env.KEYWARD_PEPPER } : {}),
});
const content = sqliteContentStore(db);
const adminKey = await seedOnFirstStart(keyward, content);

const server = createContentApp(keyward, content).listen(port, host, () => {
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  console.log(`keyward content API listening on ${url}`);
  if (adminKey === null) {
    console.log(`Using the database in ${dataDir}. Manage keys with the keyward CLI or ${url}/api/keyward.`);
    return;
  }
  console.log(`
First start: created roles admin, editor and public (the public role: posts are readable without a key)
and the user "admin". Its key is shown now and never again; keyward stores only its hash:

  export KEY=${adminKey}

Try:
  curl ${url}/api/content/items/posts                          # public: no key needed
  curl ${url}/api/content/items/pages                          # 401: pages need a key
  curl -H "api-key: $KEY" ${url}/api/content/items/pages
  curl -H "api-key: $KEY" -H 'content-type: application/json' -d '{"data":{"title":"New post"}}' ${url}/api/content/item/posts
  curl -H "api-key: $KEY" -H 'content-type: application/json' -d '{"query":"{ items(model: \\"pages\\") { _id title } }"}' ${url}/api/gql
  curl -H "api-key: $KEY" ${url}/api/keyward/roles
`);
});

function shutdown(): void {
  server.close(() => {
    db.close();
    process.exit(0);
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
