import { describeOrSkip } from "@keyward/conformance";
import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import { DEADLINE_MS, listeningPid, observe, openPair, terminateListener, within } from "../test/bus-harness";
import { PG_URL, TEST_DRIVERS } from "../test/drivers";
import { SKIP_REASON } from "../test/pg-fixtures";
import { testScope } from "../test/scope";
import { startTcpProxy, type TcpProxy } from "../test/tcp-proxy";
import { postgresBus } from "./pg";

const scope = testScope();
afterEach(() => scope.release());
const ignore = () => {};

/** A proxy in front of the test server, closed after the test; B listens through it. */
async function proxy(): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(PG_URL ?? "");
  const started = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  scope.defer(() => started.close());
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(started.port);
  return { proxy: started, url: url.href };
}

for (const driver of TEST_DRIVERS) {
  const title = `${driver.name === "pg" ? "postgresBus" : "postgresJsBus"}: fails closed`;
  describeOrSkip(
    title,
    SKIP_REASON,
    () => {
      it("bypasses the cache the moment its listening backend is terminated, then trusts it again, empty", async () => {
        const { b, key, otherKey } = await openPair(scope, driver);
        const reports = b.observed.statuses.length;
        const pid = await terminateListener(b);
        await b.observed.status(false, reports);
        const before = b.lookups();
        expect((await b.keyward.authenticate(key)).ok).toBe(true);
        expect(b.lookups()).toBe(before + 1); // cached a moment ago, read from the store now
        await b.observed.status(true, reports + 1);
        expect(await listeningPid(b)).not.toBe(pid);
        // Back: `otherKey`, cached before the loss and not used since, is read again (the cache
        // started empty), then served from the cache (trusted again).
        const back = b.lookups();
        expect((await b.keyward.authenticate(otherKey)).ok).toBe(true);
        expect((await b.keyward.authenticate(otherKey)).ok).toBe(true);
        expect(b.lookups()).toBe(back + 1);
      });

      it("refuses a key revoked while it could not listen, at once, and keeps refusing once back", async () => {
        const { proxy: cut, url } = await proxy();
        const { a, b, key, keyId, otherKey } = await openPair(scope, driver, { listenUrl: url });
        const reports = b.observed.statuses.length;
        cut.refuseNew();
        await terminateListener(b);
        await b.observed.status(false, reports);
        const down = b.lookups();
        for (let i = 0; i < 3; i++) expect((await b.keyward.authenticate(otherKey)).ok).toBe(true);
        expect(b.lookups()).toBe(down + 3); // every request reads the store while B cannot listen
        await a.keyward.keys.revoke(keyId);
        expect(await b.keyward.authenticate(key)).toMatchObject({ ok: false, detail: "revoked" });
        await cut.restore();
        await b.observed.status(true, reports + 1);
        expect(b.observed.messages).not.toContainEqual({ type: "key", keyId }); // never heard of it
        expect(await b.keyward.authenticate(key)).toMatchObject({ ok: false, detail: "revoked" });
        const back = b.lookups();
        expect((await b.keyward.authenticate(otherKey)).ok).toBe(true);
        expect((await b.keyward.authenticate(otherKey)).ok).toBe(true);
        expect(b.lookups()).toBe(back + 1);
      });

      it("subscribes while the server is unreachable: down at once, up when it can listen", async () => {
        const { proxy: cut, url } = await proxy();
        await cut.cut();
        const schema = scope.schema("bus");
        const onError = vi.fn();
        const observed = observe(scope.open(driver, {}, { schema }).bus({ schema, listenUrl: url, onError }));
        const stop = await within(observed.bus.subscribe(ignore, ignore), "subscribe to settle");
        scope.defer(stop);
        expect(observed.statuses).toEqual([false]);
        expect(onError).toHaveBeenCalled();
        await cut.restore();
        await observed.status(true);
      });
    },
    { timeout: 2 * DEADLINE_MS },
  );
}

describeOrSkip(
  "postgresBus on a client of yours",
  SKIP_REASON,
  () => {
    async function connected(): Promise<pg.Client> {
      const client = new pg.Client({ connectionString: PG_URL });
      client.on("error", ignore);
      await client.connect();
      scope.defer(() => client.end().catch(ignore));
      return client;
    }

    it("listens on it, reports its loss and stays down (a pg Client cannot reconnect)", async () => {
      const client = await connected();
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
      scope.defer(() => pool.end());
      const onError = vi.fn();
      const observed = observe(postgresBus(pool, { schema: scope.schema("bus"), listener: client, onError }));
      scope.defer(await observed.bus.subscribe(ignore, ignore));
      expect(observed.statuses).toEqual([false, true]);
      const pid = (client as unknown as { processID: number }).processID;
      await pool.query("SELECT pg_terminate_backend($1)", [pid]);
      await observed.status(false, 2);
      expect(onError).toHaveBeenCalled();
      expect(observed.statuses).toEqual([false, true, false]);
    });

    it("leaves it open, and no longer listening, once unsubscribed", async () => {
      const client = await connected();
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
      scope.defer(() => pool.end());
      const observed = observe(postgresBus(pool, { channel: "keyward_test_given", listener: client }));
      const stop = await observed.bus.subscribe(ignore, ignore);
      const channels = () => client.query("SELECT pg_listening_channels() AS name").then((r) => r.rows);
      expect(await channels()).toEqual([{ name: "keyward_test_given" }]);
      await stop();
      expect(await channels()).toEqual([]);
      await observed.bus.publish({ type: "all" });
      await client.query("SELECT 1"); // a round trip: a notification sent before it would be in by now
      expect(observed.messages).toEqual([]);
    });
  },
  { timeout: 2 * DEADLINE_MS },
);

describeOrSkip(
  "postgresJsBus after postgres.js re-listened",
  SKIP_REASON,
  () => {
    it("stops delivering once unsubscribed, though postgres.js keeps the listener it re-registered", async () => {
      const postgresJs = TEST_DRIVERS.find((driver) => driver.name === "postgres-js")!;
      const { schema, a, b } = await openPair(scope, postgresJs);
      // A witness on B's instance shares B's listening connection: it hears what B would.
      const witness = observe(b.opened.bus({ schema }));
      scope.defer(await witness.bus.subscribe(ignore, ignore));
      const reports = b.observed.statuses.length;
      await terminateListener(b);
      await b.observed.status(true, reports + 1);
      await witness.status(true, 2);
      await b.keyward.close();
      await a.keyward.roles.save({ appid: "after", name: "After", permissions: [] });
      await witness.delivered((m) => m.type === "role" && m.appid === "after", "the witness's message");
      expect(b.observed.messages).not.toContainEqual({ type: "role", appid: "after" });
    });
  },
  { timeout: 2 * DEADLINE_MS },
);
