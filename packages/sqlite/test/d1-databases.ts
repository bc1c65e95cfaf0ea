import { KeywardError, type KeywardStore } from "@keyward/core";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { decode, encode, type StoreAnswer } from "./fixtures/d1-store-wire";

/** Test helper: D1 stores running inside workerd (miniflare), driven from Node. Not exported from the package. */
export interface D1Databases {
  /** A store on the shared D1 database, under table names no other store of the run uses. */
  fresh(): Promise<KeywardStore>;
  /** Another store instance in the Worker, on the same tables. */
  peer(store: KeywardStore): Promise<KeywardStore>;
  /** Restarts workerd (the database is kept) and returns a new store instance on the same tables. */
  restart(store: KeywardStore): Promise<KeywardStore>;
  /** Every row of every table of `store`, as JSON. */
  dump(store: KeywardStore): Promise<string>;
  /** The D1 binding, through miniflare's proxy, for direct statements (each costs ~10 ms). */
  binding(): ReturnType<Miniflare["getD1Database"]>;
  /** Stops workerd. */
  dispose(): Promise<void>;
}

const STORE_METHODS = [
  "migrate",
  "insertKey",
  "findKeyByHash",
  "lookupKey",
  "getKey",
  "listKeys",
  "swapKeySecret",
  "revokeKey",
  "touchKey",
  "saveRole",
  "getRole",
  "listRoles",
  "deleteRole",
  "saveUser",
  "getUser",
  "listUsers",
  "deleteUser",
  "getPublicRole",
  "setPublicRole",
] as const;

/**
 * Starts one workerd with a D1 binding `DB` and a Worker serving `d1Store` (built from source):
 * the store under test runs in workerd on the real binding; each method call from Node is one
 * HTTP request. Stores are kept apart by table prefix (`t1_`, `t2_`, …): a fresh database per test
 * would cost a workerd start each.
 */
export function d1Databases(): D1Databases {
  const started = (async () => {
    const bundle = await build({
      entryPoints: [`${import.meta.dirname}/fixtures/d1-store-worker.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      conditions: ["@keyward/source", "workerd", "worker", "browser", "import"],
      mainFields: ["browser", "module", "main"],
      logLevel: "silent",
    });
    const options: MiniflareOptions = {
      modules: true,
      script: bundle.outputFiles[0]?.text ?? "",
      compatibilityDate: "2025-08-01",
      d1Databases: ["DB"],
    };
    const mf = new Miniflare(options);
    return { mf, options, url: await mf.ready };
  })();
  let url: Promise<URL> = started.then(({ url }) => url);
  const prefixes = new WeakMap<KeywardStore, string>();
  let stores = 0;

  const send = async (store: string, prefix: string, method: string, args: unknown[]) => {
    const response = await fetch(await url, {
      method: "POST",
      body: encode({ store, prefix, method, args }),
    });
    const answer = decode(await response.text()) as StoreAnswer;
    if (answer.error === undefined) return answer.value;
    throw answer.error.code === undefined
      ? new Error(answer.error.message)
      : new KeywardError(answer.error.code as never, answer.error.message);
  };
  const attach = (prefix: string): KeywardStore => {
    const id = `store-${++stores}`;
    const methods = Object.fromEntries(
      STORE_METHODS.map((method) => [method, (...args: unknown[]) => send(id, prefix, method, args)]),
    );
    const store = methods as unknown as KeywardStore;
    prefixes.set(store, prefix);
    return store;
  };
  const prefixOf = (store: KeywardStore) => {
    const prefix = prefixes.get(store);
    if (prefix === undefined) throw new Error("not a test D1 store");
    return prefix;
  };

  return {
    fresh: async () => attach(`t${stores + 1}_`),
    peer: async (store) => attach(prefixOf(store)),
    restart: async (store) => {
      // setOptions restarts workerd: the Worker's memory (its store instances) is gone, the
      // in-memory D1 database is kept.
      const { mf, options } = await started;
      await mf.setOptions(options);
      url = mf.ready;
      return attach(prefixOf(store));
    },
    dump: async (store) => JSON.stringify(await send("dump", prefixOf(store), "dump", [])),
    binding: async () => (await started).mf.getD1Database("DB"),
    dispose: async () => (await started).mf.dispose(),
  };
}
