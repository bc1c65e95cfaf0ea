import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { afterEach, expect, it } from "vitest";
import { TEST_DRIVERS } from "../test/drivers";
import { SKIP_REASON, testPool } from "../test/pg-fixtures";
import { testScope } from "../test/scope";

const scope = testScope();
afterEach(() => scope.release());

/** Holds the row lock of a key from another session, as a long transaction of the app's would. */
async function lockKeyRow(schema: string, id: string): Promise<() => Promise<void>> {
  const pool = testPool({ max: 1 });
  const session = await pool.connect();
  await session.query("BEGIN");
  await session.query(`SELECT id FROM "${schema}".keyward_keys WHERE id = $1 FOR UPDATE`, [id]);
  let held = true;
  return async () => {
    if (!held) return;
    held = false;
    await session.query("ROLLBACK");
    session.release();
    await pool.end();
  };
}

for (const driver of TEST_DRIVERS) {
  describeOrSkip(`postgresStore (${driver.name}): lastUsedAt`, SKIP_REASON, () => {
    it("skips a locked key instead of waiting for the lock, and touches it once the lock is gone", async () => {
      const schema = scope.schema();
      const { store } = scope.open(driver, {}, { schema });
      await store.migrate();
      const keyward = await seededKeyward(store);
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      const unlock = await lockKeyRow(schema, record.id);
      scope.defer(unlock);
      const at = new Date("2030-01-01T00:00:00.000Z");
      // Each of these resolves while the lock is held: a touch that waited would never get here.
      await store.touchKey(record.id, at);
      expect((await keyward.authenticate(key)).ok).toBe(true);
      // Reading the key writes the use authenticate noted, first: skipped too, not waited for.
      expect((await keyward.keys.get(record.id))?.lastUsedAt).toBeNull();
      await unlock();
      await store.touchKey(record.id, at);
      expect((await store.getKey(record.id))?.lastUsedAt).toEqual(at);
    });
  });
}
