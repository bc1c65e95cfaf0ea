/**
 * What `authenticate()` costs on the memory store, next to one bare SHA-256 of the same key (the
 * floor: authentication must hash once) and better-auth's api-key plugin, all in one run.
 *
 * Goals (issue 2): a valid-key authentication within 2x of one SHA-256 at 1 thousand and 1 million
 * stored keys, and at least 300x faster than better-auth at 1,000 keys.
 *
 * The run has two phases, each in its own process with its own baselines, so that neither heap
 * (a million keys; better-auth's garbage) changes what the other measures. Two baselines: the
 * synchronous hash, and the same hash inside an awaited async function — `authenticate` returns a
 * promise, so the second is the floor that includes what any async API pays.
 *
 * Batches are timed in CPU time (`lib/interleaved.ts`), so a neighbour holding the core is not
 * charged to whichever variant ran then, and the bench returns to the event loop between batches,
 * as a server does between requests: `lastUsedAt` is written behind on a timer, and a loop that
 * never yields would keep every call noting a use that is never written, a state no server is in.
 *
 * Run: pnpm bench core (from the root), or from bench/:
 *   node --conditions=@keyward/source --import tsx core/authenticate.bench.ts
 * KEYWARD_BENCH_MILLION=200000 shrinks the large store for a quick look.
 */
import { spawnSync } from "node:child_process";
import { hash } from "node:crypto";
import { createKeyward, memoryStore } from "@keyward/core";
import { type InterleavedOptions, measureInterleaved, printMedians } from "../lib/interleaved";
import { betterAuthWithKeys } from "./better-auth-setup";

const SYNC = "sha256 (node:crypto, sync)";
const AWAITED = "sha256 awaited in an async fn";

async function keywardWithKeys(count: number) {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  let key = "";
  for (let i = 0; i < count; i++) key = (await keyward.keys.create({ userId: "alice" })).key;
  return { keyward, key };
}

function baselines(key: string) {
  return [
    { name: SYNC, run: () => hash("sha256", key, "hex") },
    { name: AWAITED, run: async () => hash("sha256", key, "hex") },
  ];
}

const unknownKey = `USR-${"0".repeat(40)}`;
const TIMING: InterleavedOptions = { clock: "cpu", yieldBetweenBatches: true };

async function thousandPhase(): Promise<void> {
  const { keyward, key } = await keywardWithKeys(1_000);
  const fast = await measureInterleaved(
    [
      ...baselines(key),
      { name: "keyward valid key, 1k keys", run: () => keyward.authenticate(key) },
      { name: "keyward unknown key, 1k keys", run: () => keyward.authenticate(unknownKey) },
      { name: "keyward malformed key", run: () => keyward.authenticate("nope") },
      { name: "keyward no key (public role)", run: () => keyward.authenticate(null) },
    ],
    TIMING,
  );
  console.log("\n## 1 thousand keys");
  printMedians(fast, SYNC, [
    { name: "keyward valid key, 1k keys", against: SYNC, atMost: 2 },
    { name: "keyward valid key, 1k keys", against: AWAITED, atMost: 2 },
  ]);
  // better-auth is three orders of magnitude slower: fewer, smaller batches, same interleaving.
  const betterAuth10 = await betterAuthWithKeys(10);
  const betterAuth1000 = await betterAuthWithKeys(1_000);
  const slow = await measureInterleaved(
    [
      { name: "keyward valid key, 1k keys", run: () => keyward.authenticate(key) },
      { name: "better-auth verifyApiKey, 10 keys", run: () => betterAuth10.verify() },
      { name: "better-auth verifyApiKey, 1k keys", run: () => betterAuth1000.verify() },
    ],
    { ...TIMING, rounds: 9, batch: 200, warmup: 200 },
  );
  console.log("\n## against better-auth's api-key plugin (memory adapter)");
  printMedians(slow, "keyward valid key, 1k keys", [
    { name: "better-auth verifyApiKey, 1k keys", against: "keyward valid key, 1k keys", atLeast: 300 },
  ]);
}

async function millionPhase(): Promise<void> {
  const count = Number(process.env.KEYWARD_BENCH_MILLION ?? 1_000_000);
  const { keyward, key } = await keywardWithKeys(count);
  const medians = await measureInterleaved(
    [
      ...baselines(key),
      { name: "keyward valid key, 1M keys", run: () => keyward.authenticate(key) },
      {
        name: "keyward valid key + can(), 1M keys",
        run: async () => {
          const result = await keyward.authenticate(key);
          return result.ok && result.principal.can("content/posts/read");
        },
      },
      { name: "keyward unknown key, 1M keys", run: () => keyward.authenticate(unknownKey) },
    ],
    TIMING,
  );
  console.log(`\n## ${count.toLocaleString("en")} keys`);
  printMedians(medians, SYNC, [
    { name: "keyward valid key, 1M keys", against: SYNC, atMost: 2 },
    { name: "keyward valid key, 1M keys", against: AWAITED, atMost: 2 },
  ]);
}

if (process.env.KEYWARD_BENCH_PHASE === "million") {
  await millionPhase();
} else {
  await thousandPhase();
  const million = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, KEYWARD_BENCH_PHASE: "million" },
  });
  process.exitCode = million.status ?? 1;
}
