/**
 * The measurement shared by the node:sqlite and bun:sqlite benchmarks: a database file with
 * `count` keys, then `authenticate()` next to a bare prepared `SELECT … WHERE id = ?` on the
 * primary key of the same table, interleaved call by call (A, B, C, A, B, C, …), each awaited.
 * It runs inside the runtime under test, so it imports no driver: `open` does.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKeyward, type KeywardStore } from "@keyward/core";

/** A driver's database, as the benchmark needs it. */
export interface BenchDatabase {
  readonly store: KeywardStore;
  exec(sql: string): void;
  /** Runs an INSERT statement prepared once, with these parameters. */
  insert(sql: string): (...params: (string | number)[]) => void;
  /** A bare prepared SELECT by id, the way an application would write one. */
  byId(sql: string): (id: string) => unknown;
  close(): void;
}

/**
 * Runs the benchmark and prints its table.
 * @param label - the driver and runtime
 * @param open - opens a database file with the driver and a store on it
 */
export async function benchSyncDriver(label: string, open: (file: string) => BenchDatabase): Promise<void> {
  const count = Number(process.env.KEYWARD_BENCH_KEYS ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "keyward-bench-sync-"));
  try {
    const db = open(join(dir, "keys.db"));
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
    await db.store.migrate();
    const keyward = createKeyward({ store: db.store });
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const started = performance.now();
    const insert = db.insert(
      `INSERT INTO keyward_keys (id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at)
       VALUES (?, 'user', ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL)`,
    );
    const createdAt = Date.now();
    db.exec("BEGIN");
    for (let i = 1; i < count; i++) {
      const key = `USR-${i.toString(16).padStart(40, "0")}`;
      insert(
        `bench-${i}`,
        createHash("sha256").update(key).digest("hex"),
        key.slice(0, 12),
        `user-${i % 10_000}`,
        createdAt,
      );
    }
    db.exec("COMMIT");
    const user = await keyward.keys.create({ userId: "alice" });
    const app = await keyward.keys.create({ role: "editor" });
    db.exec("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
    console.log(
      `${label}: ${count.toLocaleString("en")} keys stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const key of [user.key, app.key]) {
      const result = await keyward.authenticate(key);
      if (!result.ok || !result.principal.can("content/posts/read"))
        throw new Error("benchmark key does not authenticate");
    }

    const byId = db.byId("SELECT id, kind, hash, user_id FROM keyward_keys WHERE id = ?");
    const lookupKey = db.store.lookupKey?.bind(db.store);
    if (lookupKey === undefined) throw new Error("the store has no lookupKey");
    const hash = createHash("sha256").update(user.key).digest("hex");
    const rows: Record<string, () => unknown> = {
      "bare SELECT by id": () => byId(user.record.id),
      "store.lookupKey": () => lookupKey(hash),
      "keyward user key": () => keyward.authenticate(user.key),
      "keyward app key": () => keyward.authenticate(app.key),
    };
    const samples = new Map<string, number[]>(Object.keys(rows).map((name) => [name, []]));
    const sink: unknown[] = [];
    for (let i = 0; i < 30_000; i++) {
      for (const [name, op] of Object.entries(rows)) {
        const t0 = process.hrtime.bigint();
        // Every row is awaited, so each pays the same microtask.
        sink[i & 7] = await op();
        if (i >= 3_000) samples.get(name)?.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    }
    const quantile = (sorted: number[], q: number) =>
      sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
    const p50s = new Map<string, number>();
    console.log(
      `\n${"interleaved (27,000 samples each)".padEnd(34)}  ${"p50 µs".padStart(8)}  ${"p99 µs".padStart(8)}  p50 ratio`,
    );
    for (const [name, list] of samples) {
      const sorted = list.sort((a, b) => a - b);
      p50s.set(name, quantile(sorted, 0.5));
      const ratio = quantile(sorted, 0.5) / (p50s.get("bare SELECT by id") ?? Number.NaN);
      console.log(
        `${name.padEnd(34)}  ${quantile(sorted, 0.5).toFixed(2).padStart(8)}  ${quantile(sorted, 0.99).toFixed(2).padStart(8)}  ${ratio.toFixed(2)}x`,
      );
    }
    for (const name of ["keyward user key", "keyward app key"]) {
      const ratio = (p50s.get(name) ?? Number.NaN) / (p50s.get("bare SELECT by id") ?? Number.NaN);
      console.log(
        `goal: ${name} / bare SELECT by id = ${ratio.toFixed(2)}x (<= 1.3x) ${ratio <= 1.3 ? "MET" : "NOT MET"}`,
      );
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
