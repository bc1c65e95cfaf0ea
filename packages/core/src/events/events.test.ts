import { describe, expect, it } from "vitest";
import { authenticateAwaitable } from "../adapter-access";
import { createManagementHandler } from "../http/management/handler";
import { createKeyward } from "../keyward";
import { memoryStore } from "../memory-store";
import type { KeywardStore } from "../store";
import type { KeywardEvent } from "./types";

const T0 = new Date("2030-01-01T00:00:00Z");

async function world(store: KeywardStore = memoryStore()) {
  let now = T0;
  const events: KeywardEvent[] = [];
  const keyward = createKeyward({ store, now: () => now, onEvent: (event) => void events.push(event) });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  keyward.events.flush();
  events.length = 0;
  /** Delivered events since the last call, delivery forced. */
  const take = () => {
    keyward.events.flush();
    return events.splice(0);
  };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { keyward, store, take, advance };
}

const types = (events: KeywardEvent[]) => events.map((event) => event.type);

describe("events of management changes", () => {
  it("each change emits its event exactly once, without a key or a hash", async () => {
    const { keyward, store, take } = await world();
    const { key, record } = await keyward.keys.create({ userId: "alice", name: "laptop" });
    const next = await keyward.keys.refresh(record.id);
    await keyward.keys.revoke(record.id);
    await keyward.keys.revoke(record.id); // already revoked: nothing new happened
    const app = await keyward.keys.import({ key: `API-${"ab".repeat(20)}`, role: "editor" });
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
    await keyward.settings.setPublicRole("public");
    await keyward.settings.setPublicRole(null);
    await keyward.users.save({ id: "bob", role: "editor", active: true });
    const bobs = await keyward.keys.create({ userId: "bob" });
    await keyward.users.remove("bob");
    await keyward.roles.remove("public");
    const events = take();
    expect(types(events)).toEqual([
      "key.created",
      "key.refreshed",
      "key.revoked",
      "key.created",
      "role.saved",
      "settings.publicRole",
      "settings.publicRole",
      "user.saved",
      "key.created",
      "key.revoked",
      "user.removed",
      "role.removed",
    ]);
    expect(events[0]).toMatchObject({ keyId: record.id, kind: "user", userId: "alice", start: record.start });
    expect(events[0]).toMatchObject({ imported: false, actor: null, at: T0 });
    expect(events[1]).toMatchObject({ keyId: record.id, start: next.record.start });
    expect(events[3]).toMatchObject({ imported: true, kind: "app", role: "editor", keyId: app.record.id });
    expect(events[9]).toMatchObject({ keyId: bobs.record.id, userId: "bob" });
    const text = JSON.stringify(events);
    const hashes = (await store.listKeys({})).map((stored) => stored.hash);
    for (const secret of [key, next.key, app.key, bobs.key, ...hashes]) {
      expect(text).not.toContain(secret.slice(4, 16));
    }
  });

  it("name the principal that made a change through the management API", async () => {
    const { keyward, take } = await world();
    const { key } = await keyward.keys.create({ userId: "root" });
    const result = await keyward.authenticate(key);
    if (!result.ok) throw new Error("no principal");
    take();
    const handler = createManagementHandler(keyward);
    await handler.handle({
      method: "POST",
      path: "/keys",
      body: { userId: "alice" },
      principal: result.principal,
    });
    await handler.handle({
      method: "PUT",
      path: "/roles/writer",
      body: { name: "Writer", permissions: ["content/**"] },
      principal: result.principal,
    });
    const actor = { kind: "user", userId: "root", keyId: result.principal.keyId, role: "admin" };
    expect(take().map((event) => "actor" in event && event.actor)).toEqual([actor, actor]);
  });
});

describe("auth.failed", () => {
  it("says why, for every kind of failure, while the answer stays the same", async () => {
    const base = memoryStore();
    let failing = false;
    const store: KeywardStore = {
      ...base,
      lookupKey: (hash) => {
        if (failing) throw new Error("connection refused");
        return base.lookupKey!(hash);
      },
    };
    const { keyward, take, advance } = await world(store);
    const live = await keyward.keys.create({ userId: "alice" });
    const revoked = await keyward.keys.create({ userId: "alice" });
    await keyward.keys.revoke(revoked.record.id);
    const expiring = await keyward.keys.create({ userId: "alice", expiresAt: new Date(T0.getTime() + 1000) });
    await keyward.users.save({ id: "ivy", role: "editor", active: false });
    const inactive = await keyward.keys.create({ userId: "ivy" });
    await keyward.roles.save({ appid: "gone", name: "Gone", permissions: ["x"] });
    const orphan = await keyward.keys.create({ role: "gone" });
    await keyward.roles.remove("gone");
    await base.deleteUser("ivy");
    const ownerless = inactive;
    advance(1000);
    take();

    const reasons: [string, string | null][] = [];
    const attempt = async (key: string) => {
      await keyward.authenticate(key).catch(() => {});
      for (const event of take()) {
        if (event.type === "auth.failed") reasons.push([event.reason, event.keyId]);
      }
    };
    await attempt("nope");
    await attempt(`USR-${"0".repeat(40)}`);
    await attempt(revoked.key);
    await attempt(expiring.key);
    await attempt(ownerless.key);
    await keyward.users.save({ id: "ivy", role: "editor", active: false });
    await attempt(inactive.key);
    await attempt(orphan.key);
    failing = true;
    await attempt(live.key);
    expect(reasons).toEqual([
      ["malformed", null],
      ["unknown", null],
      ["revoked", revoked.record.id],
      ["expired", expiring.record.id],
      ["owner_missing", inactive.record.id],
      ["owner_inactive", inactive.record.id],
      ["role_missing", orphan.record.id],
      ["store_unavailable", null],
    ]);
  });
});

describe("key.used", () => {
  it("is reported at most once a minute per key, with lastUsedAt", async () => {
    const { keyward, take, advance } = await world();
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    take();
    for (let i = 0; i < 5; i++) await keyward.authenticate(key);
    // The use is written behind, on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 5; i++) await keyward.authenticate(key);
    advance(60_000);
    await keyward.authenticate(key);
    const used = take().filter((event) => event.type === "key.used");
    expect(used.map((event) => event.type === "key.used" && event.keyId)).toEqual([record.id, record.id]);
  });
});

describe("listeners", () => {
  it("are called after the answer, never during it", async () => {
    const { keyward, take } = await world();
    const { key } = await keyward.keys.create({ userId: "alice" });
    take();
    const calls: string[] = [];
    keyward.events.subscribe((event) => void calls.push(event.type));
    const result = authenticateAwaitable(keyward, "nope");
    expect(result instanceof Promise ? await result : result).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual(["auth.failed"]);
    expect((await keyward.authenticate(key)).ok).toBe(true);
  });

  it("that throw, reject or never settle change no answer; errors go to onEventError", async () => {
    const errors: unknown[] = [];
    const keyward = createKeyward({
      store: memoryStore(),
      onEvent: () => {
        throw new Error("listener bug");
      },
      onEventError: (error) => void errors.push(error),
    });
    keyward.events.subscribe(() => Promise.reject(new Error("async listener bug")));
    keyward.events.subscribe(() => new Promise(() => {}));
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["a"] });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const { key } = await keyward.keys.create({ userId: "alice" });
    for (let i = 0; i < 3; i++) {
      expect((await keyward.authenticate(key)).ok).toBe(true);
      expect((await keyward.authenticate("nope")).ok).toBe(false);
    }
    keyward.events.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors.length).toBeGreaterThanOrEqual(6);
  });

  it("can unsubscribe, and options are checked", () => {
    const keyward = createKeyward({ store: memoryStore() });
    const calls: string[] = [];
    const stop = keyward.events.subscribe((event) => void calls.push(event.type));
    stop();
    void keyward.authenticate("nope");
    keyward.events.flush();
    expect(calls).toEqual([]);
    expect(() => createKeyward({ store: memoryStore(), onEvent: 1 as never })).toThrow(
      /onEvent must be a function/,
    );
    expect(() => keyward.events.subscribe("x" as never)).toThrow(/must be a function/);
  });
});
