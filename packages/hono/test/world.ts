// A small world for the in-process tests: roles, a user, keys, and a store that can be made to fail.
import { createKeyward, type Keyward, type KeywardStore, memoryStore } from "@keyward/core";

/** The keys and handles of one test's world. */
export interface World {
  readonly keyward: Keyward;
  /** Makes every store call throw from now on (an unreachable database). */
  breakStore(): void;
  readonly editorKey: string;
  readonly adminKey: string;
}

/** Builds a fresh world: role `editor` (content/posts/read), user `alice` (editor), an admin app key. */
export async function createWorld(): Promise<World> {
  const inner = memoryStore();
  let broken = false;
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (broken) throw new Error("connection refused (test)");
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as KeywardStore;
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const editor = await keyward.keys.create({ userId: "alice" });
  const admin = await keyward.keys.create({ role: "admin", name: "ops" });
  return {
    keyward,
    breakStore: () => {
      broken = true;
    },
    editorKey: editor.key,
    adminKey: admin.key,
  };
}
