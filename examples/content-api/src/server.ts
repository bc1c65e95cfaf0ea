import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createKeyward } from "@keyward/core";
import { sqliteStore } from "@keyward/sqlite";
import Database from "better-sqlite3";
import { type HeldPort, listenFailure, listenFirst, readPort } from "../../shared/listen";
import { CONSOLE_PATH, createContentApp } from "./app";
import { firstStartBanner } from "./banner";
import { sqliteContentStore } from "./content-store";
import { parseCorsOrigins } from "./cors";
import { seedOnFirstStart } from "./seed";

// KEYWARD_DATA_DIR lets tests (and you) keep the database elsewhere; by default it is ./data.
const dataDir = process.env.KEYWARD_DATA_DIR ?? fileURLToPath(new URL("../data/", import.meta.url));
const host = process.env.HOST ?? "127.0.0.1";
const port = readPort(process.env.PORT, 3000);
if (port === null) {
  console.error(
    `PORT must be a number from 0 to 65535, not "${process.env.PORT}": e.g. PORT=3001 pnpm start`,
  );
  process.exit(1);
}

// The port first: on a taken port nothing is created, so no first-start key is made and then lost.
let held: HeldPort;
try {
  held = await listenFirst(port, host);
} catch (error) {
  console.error(listenFailure(error, port, host, "pnpm start"));
  process.exit(1);
}

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

console.log(`keyward content API listening on ${held.url}`);
console.log(`Admin console: ${held.url}${CONSOLE_PATH}/ (sign in with a management key)`);
if (adminKey === null) {
  console.log(
    `Using the database in ${dataDir}. Manage keys with the keyward CLI or ${held.url}/api/keyward.`,
  );
} else {
  console.log(firstStartBanner(held.url, adminKey));
}
// Requests that came in while the database was prepared are answered from here on.
held.serve(createContentApp(keyward, content, { corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS) }));

function shutdown(): void {
  held.close(() => {
    db.close();
    process.exit(0);
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
