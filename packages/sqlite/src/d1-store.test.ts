import { describeStoreConformance } from "@keyward/conformance";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";
import { d1Databases } from "../test/d1-databases";
import { d1Store } from "./drivers/d1";

const databases = d1Databases();
afterAll(() => databases.dispose());

// The store runs inside workerd (miniflare) on a real D1 binding; the suite drives it from Node.
describeStoreConformance("sqlite (d1, workerd)", () => databases.fresh(), {
  openPeer: (store) => databases.peer(store),
  restart: (store) => databases.restart(store),
  dumpData: (store) => databases.dump(store),
  // Each store's tables are its own (a fresh prefix); workerd and its database go at the end.
  cleanup: async () => {},
  timeoutMs: 60_000,
});

describe("d1Store specifics", () => {
  it("migrates once when several instances migrate at the same moment", async () => {
    const db = await databases.binding();
    const racing = Array.from({ length: 4 }, () => d1Store(db, { tablePrefix: "race_" }));
    await Promise.all(racing.map((store) => store.migrate()));
    await d1Store(db, { tablePrefix: "alone_" }).migrate();
    const schema = async (prefix: string) => {
      const rows: (string | null)[][] = await db
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name LIKE ? ORDER BY name")
        .bind(`%${prefix}%`)
        .raw();
      return rows.map((row) => row.map((value) => value?.replaceAll(prefix, "*")));
    };
    expect((await schema("alone_")).length).toBeGreaterThan(5);
    expect(await schema("race_")).toEqual(await schema("alone_"));
    expect(await db.prepare("SELECT key, value FROM race_meta").raw()).toEqual([["schema_version", "1"]]);
  }, 60_000);

  it("refuses a schema newer than it knows, and leaves it alone", async () => {
    const db = await databases.binding();
    const store = d1Store(db, { tablePrefix: "newer_" });
    await store.migrate();
    await db.prepare("UPDATE newer_meta SET value = '99'").run();
    await expect(store.migrate()).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await db.prepare("SELECT value FROM newer_meta").raw()).toEqual([["99"]]);
  }, 60_000);

  it("validates the table prefix when the store is created", async () => {
    const db = await databases.binding();
    expect(() => d1Store(db, { tablePrefix: "x; DROP TABLE y" })).toThrow(/tablePrefix/);
  });

  it("runs inside a Worker: bundled for workerd without Node modules or the synchronous stores' lock handling", async () => {
    const result = await build({
      entryPoints: [`${import.meta.dirname}/../test/fixtures/d1-worker.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      conditions: ["@keyward/source", "workerd", "worker", "browser", "import"],
      mainFields: ["browser", "module", "main"],
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith("sqlite/src/drivers/d1.ts"))).toBe(true);
    expect(inputs.some((input) => input.endsWith("core/src/hash/sha256-web.ts"))).toBe(true);
    for (const absent of ["node:", "lock-waits", "touch-queue", "better-sqlite3", "sha256-node"]) {
      expect(inputs.filter((input) => input.includes(absent))).toEqual([]);
    }
    const mf = new Miniflare({
      modules: true,
      script: result.outputFiles[0]?.text ?? "",
      compatibilityDate: "2025-08-01",
      d1Databases: ["DB"],
    });
    try {
      const answer = await mf.dispatchFetch("http://localhost/");
      expect(await answer.json()).toEqual({
        before: true,
        winners: 1,
        losers: ["CONFLICT"],
        oldKey: false,
        newKey: true,
      });
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});
