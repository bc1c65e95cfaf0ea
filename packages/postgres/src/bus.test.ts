import { describeOrSkip } from "@keyward/conformance";
import type { InvalidationMessage, Keyward } from "@keyward/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEADLINE_MS, listeningPid, observe, openPair } from "../test/bus-harness";
import { TEST_DRIVERS } from "../test/drivers";
import { SKIP_REASON } from "../test/pg-fixtures";
import { testScope } from "../test/scope";
import { busChannel, encodeInvalidation } from "./bus";
import { type PgQueryable, postgresBus } from "./pg";
import { type PostgresJsBusSql, postgresJsBus } from "./postgres-js";

const scope = testScope();
afterEach(() => scope.release());
const ignore = () => {};

describe("the bus channel and payload", () => {
  it.each([
    [{}, "public.keyward_invalidate"],
    [{ schema: "tenant_a", tablePrefix: "app_" }, "tenant_a.app_invalidate"],
    [{ schema: "s", tablePrefix: "" }, "s.invalidate"],
    [{ schema: "ignored", channel: "My-Channel:1.x" }, "My-Channel:1.x"],
  ])("names the channel after the store's tables: %j → %s", (options, channel) => {
    expect(busChannel(options, "test")).toBe(channel);
  });

  it.each([
    ["a channel with a quote", { channel: 'a"b' }],
    ["an empty channel", { channel: "" }],
    ["a channel longer than 63 bytes", { channel: "c".repeat(64) }],
    ["a schema that is not a safe name", { schema: "Bad-Name" }],
    ["a derived name longer than 63 bytes", { schema: "s".repeat(40), tablePrefix: "p".repeat(20) }],
    ["an onError that is not a function", { onError: "log" }],
  ])("refuses %s", (_name, options) => {
    expect(() => busChannel(options as never, "test")).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("sends ids only, and 'drop everything' for a payload pg_notify would refuse", () => {
    const extra = { type: "key", keyId: "k1", hash: "secret" } as InvalidationMessage;
    expect(encodeInvalidation(extra, "test")).toBe('{"type":"key","keyId":"k1"}');
    expect(encodeInvalidation({ type: "user", userId: "é".repeat(4000) }, "test")).toBe('{"type":"all"}');
    expect(() => encodeInvalidation({ type: "nope" } as never, "test")).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it.each([
    ["postgresBus without a pool", () => postgresBus(null as unknown as PgQueryable)],
    ["postgresBus on a pool with no Client class", () => postgresBus({ query: async () => ({}) } as never)],
    [
      "postgresBus with a listener of the wrong kind",
      () => postgresBus({ query: async () => ({}) } as never, { listener: 1 as never }),
    ],
    ["postgresJsBus without an instance", () => postgresJsBus({} as PostgresJsBusSql)],
    [
      "postgresJsBus with a listener lacking listen",
      () => postgresJsBus({ unsafe: () => {} } as never, { listener: {} as never }),
    ],
  ])("refuses %s", (_name, make) => {
    expect(make).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });

  it("refuses to report a postgres.js connection it cannot watch: the cache then never trusts itself", async () => {
    // A listen without the instance postgres.js 3.4 keeps for it: its closes would go unseen.
    let unlistened!: () => void;
    const done = new Promise<void>((resolve) => {
      unlistened = resolve;
    });
    const sql = { unsafe: () => {}, listen: async () => ({ unlisten: async () => unlistened() }) };
    const onStatus = vi.fn();
    await expect(postgresJsBus(sql as never).subscribe(ignore, onStatus)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    expect(onStatus.mock.calls).toEqual([[false]]);
    await done; // the listen it had started is undone
  });
});

/** A change made through A, and what B must answer right after B heard of it. */
interface Change {
  readonly name: string;
  readonly message: (ids: { keyId: string }) => (m: InvalidationMessage) => boolean;
  readonly act: (a: Keyward, ids: { keyId: string }) => Promise<unknown>;
  readonly check: (b: Keyward, world: { key: string; fresh: () => string | undefined }) => Promise<void>;
}

const CHANGES: Change[] = [
  {
    name: "a revoked key",
    message:
      ({ keyId }) =>
      (m) =>
        m.type === "key" && m.keyId === keyId,
    act: (a, { keyId }) => a.keys.revoke(keyId),
    check: async (b, { key }) =>
      expect(await b.authenticate(key)).toMatchObject({ ok: false, detail: "revoked" }),
  },
  {
    name: "a refreshed key",
    message:
      ({ keyId }) =>
      (m) =>
        m.type === "key" && m.keyId === keyId,
    act: (a, { keyId }) => a.keys.refresh(keyId),
    check: async (b, { key, fresh }) => {
      expect(await b.authenticate(key)).toMatchObject({ ok: false, detail: "unknown" });
      expect((await b.authenticate(fresh() ?? "")).ok).toBe(true);
    },
  },
  {
    name: "a deactivated owner",
    message: () => (m) => m.type === "user" && m.userId === "alice",
    act: (a) => a.users.save({ id: "alice", role: "editor", active: false }),
    check: async (b, { key }) =>
      expect(await b.authenticate(key)).toMatchObject({ ok: false, reason: "inactive" }),
  },
  {
    name: "a changed role",
    message: () => (m) => m.type === "role" && m.appid === "editor",
    act: (a) => a.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] }),
    check: async (b, { key }) => {
      const result = await b.authenticate(key);
      expect(
        result.ok && [result.principal.can("content/posts/read"), result.principal.can("content/pages/read")],
      ).toEqual([true, false]);
    },
  },
  {
    name: "a new public role",
    message: () => (m) => m.type === "settings",
    act: (a) => a.settings.setPublicRole("editor"),
    check: async (b) => expect((await b.authenticate(null)).ok).toBe(true),
  },
];

for (const driver of TEST_DRIVERS) {
  describeOrSkip(
    `${driver.name === "pg" ? "postgresBus" : "postgresJsBus"}: two instances`,
    SKIP_REASON,
    () => {
      const twoInstances = () => openPair(scope, driver);

      it.each(CHANGES)("B refuses or updates at once when A makes $name", async (change) => {
        const { a, b, key, keyId } = await twoInstances();
        let fresh: string | undefined;
        const heard = b.observed.delivered(change.message({ keyId }), change.name);
        const result = await change.act(a.keyward, { keyId });
        if (typeof result === "object" && result !== null && "key" in result) fresh = String(result.key);
        await heard;
        await change.check(b.keyward, { key, fresh: () => fresh });
      });

      it("ignores what is not a message on its channel, and keeps listening", async () => {
        const { schema, seed, b } = await twoInstances();
        const channel = `${schema}.keyward_invalidate`;
        for (const payload of [
          "not json",
          "null",
          "[]",
          '{"type":"key"}',
          '{"type":"nope"}',
          "",
          "x".repeat(7000),
        ]) {
          await seed.raw("SELECT pg_notify($1, $2)", [channel, payload]);
        }
        await seed.raw("SELECT pg_notify($1, $2)", [channel, '{"type":"user","userId":"bob"}']);
        // Notifications from one session arrive in commit order: the last one came after the rest.
        await b.observed.delivered((m) => m.type === "user", "the valid message");
        expect(b.observed.messages).toEqual([{ type: "user", userId: "bob" }]);
        expect(b.observed.statuses.at(-1)).toBe(true);
      });

      it("rejects a publish that fails", async () => {
        const opened = scope.open(driver, {}, { schema: scope.schema("bus") });
        const bus = opened.bus();
        await opened.end();
        await expect(bus.publish({ type: "all" })).rejects.toThrow();
      });

      it("stops delivering once unsubscribed", async () => {
        const { schema, a, b } = await twoInstances();
        const pid = await listeningPid(b);
        // A second bus on B's pool or instance, still subscribed: with postgres.js it shares B's
        // listening connection, so it hears a message exactly when B would have.
        const witness = observe(b.opened.bus({ schema }));
        scope.defer(await witness.bus.subscribe(ignore, ignore));
        await witness.status(true);
        await b.keyward.close();
        await a.keyward.roles.save({ appid: "after", name: "After", permissions: [] });
        await witness.delivered((m) => m.type === "role" && m.appid === "after", "the witness's message");
        expect(b.observed.messages).not.toContainEqual({ type: "role", appid: "after" });
        // pg: the bus ended the client it opened. postgres.js: the connection is the instance's and
        // stays open (sql.end() closes it); the bus only left it.
        const left = await b.opened.raw("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
        expect(left).toHaveLength(driver.name === "pg" ? 0 : 1);
      });
    },
    { timeout: 2 * DEADLINE_MS },
  );
}
