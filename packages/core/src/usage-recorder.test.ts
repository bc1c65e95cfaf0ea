import { describe, expect, it, vi } from "vitest";
import { authenticateAwaitable } from "./adapter-access";
import { createKeyward } from "./keyward";
import { memoryStore } from "./memory-store";
import type { KeywardStore } from "./store";
import { UsageRecorder } from "./usage-recorder";

async function world(touchKey?: KeywardStore["touchKey"]) {
  const base = memoryStore();
  const calls: string[] = [];
  const store: KeywardStore = {
    ...base,
    touchKey: (id, at) => {
      calls.push(id);
      return (touchKey ?? base.touchKey)(id, at);
    },
  };
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const { key, record } = await keyward.keys.create({ userId: "alice" });
  return { keyward, base, key, record, calls };
}

describe("lastUsedAt is written behind the request path", () => {
  it("authenticate answers before the store is asked to record the use", async () => {
    const { keyward, key, calls } = await world();
    const result = authenticateAwaitable(keyward, key);
    // Synchronous store and hasher: the answer is here, and no write has happened yet.
    expect(result instanceof Promise).toBe(false);
    expect(calls).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(1);
  });

  it("a store whose usage write throws or never answers changes no answer", async () => {
    for (const touchKey of [
      () => {
        throw new Error("database is locked");
      },
      () => new Promise<void>(() => {}),
    ]) {
      const { keyward, key } = await world(touchKey);
      for (let i = 0; i < 3; i++) expect((await keyward.authenticate(key)).ok).toBe(true);
    }
  });

  it("many uses of one key in a turn are one write", async () => {
    const { keyward, key, calls } = await world();
    await Promise.all(Array.from({ length: 20 }, () => keyward.authenticate(key)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toHaveLength(1);
  });

  it("reading a key's record shows this process's latest use", async () => {
    const { keyward, key, record } = await world();
    await keyward.authenticate(key);
    expect((await keyward.keys.get(record.id))?.lastUsedAt).not.toBeNull();
    expect((await keyward.keys.list({ userId: "alice" }))[0]?.lastUsedAt).not.toBeNull();
  });
});

describe("a runtime that drops timers (workerd after a response)", () => {
  it("does not leave uses waiting forever: a schedule older than a second is made again", async () => {
    vi.useFakeTimers();
    try {
      const base = memoryStore();
      const touched: string[] = [];
      const recorder = new UsageRecorder(
        {
          ...base,
          touchKey: (id: string) => {
            touched.push(id);
          },
        },
        (_operation, call) => call(),
      );
      recorder.record("k1", 0);
      vi.clearAllTimers(); // the runtime dropped the scheduled write
      recorder.record("k2", 500);
      vi.runAllTimers();
      expect(touched).toEqual([]);
      recorder.record("k3", 1500);
      vi.runAllTimers();
      await Promise.resolve();
      expect(touched.sort()).toEqual(["k1", "k2", "k3"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
