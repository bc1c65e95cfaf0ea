/**
 * What `authenticate()` costs on the memory store, next to one bare SHA-256 of the same key (the
 * floor: authentication must hash once) and better-auth's api-key plugin, all in one run.
 *
 * Goals (issue 2): a valid-key authentication within 2x of one SHA-256 at 1 thousand and 1 million
 * stored keys, and at least 300x faster than better-auth at 1,000 keys.
 *
 * Run: pnpm bench (all) or, from bench/, node --conditions=@keyward/source --import tsx core/authenticate.bench.ts
 */
import { hash } from "node:crypto";
import { createKeyward, memoryStore } from "@keyward/core";
import { bench, do_not_optimize, run } from "mitata";
import { printRatioTable } from "../lib/ratio-table";
import { betterAuthWithKeys } from "./better-auth-setup";

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

const thousand = await keywardWithKeys(1_000);
const million = await keywardWithKeys(Number(process.env.KEYWARD_BENCH_MILLION ?? 1_000_000));
const betterAuth10 = await betterAuthWithKeys(10);
const betterAuth1000 = await betterAuthWithKeys(1_000);
const unknownKey = `USR-${"0".repeat(40)}`;

bench("sha256 (node:crypto hash, the floor)", () => do_not_optimize(hash("sha256", thousand.key, "hex")));
bench("keyward valid key, 1k keys", async () =>
  do_not_optimize(await thousand.keyward.authenticate(thousand.key)),
);
bench("keyward valid key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(million.key)),
);
bench("keyward valid key + can(), 1M keys", async () => {
  const result = await million.keyward.authenticate(million.key);
  return do_not_optimize(result.ok && result.principal.can("content/posts/read"));
});
bench("keyward unknown key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(unknownKey)),
);
bench("keyward malformed key", async () => do_not_optimize(await million.keyward.authenticate("nope")));
bench("keyward no key (public role)", async () => do_not_optimize(await million.keyward.authenticate(null)));
bench("better-auth verifyApiKey, 10 keys", async () => do_not_optimize(await betterAuth10.verify()));
bench("better-auth verifyApiKey, 1k keys", async () => do_not_optimize(await betterAuth1000.verify()));

const results = await run({ format: "quiet" });
printRatioTable(results, {
  baseline: "sha256 (node:crypto hash, the floor)",
  goals: [
    { name: "keyward valid key, 1k keys", against: "sha256 (node:crypto hash, the floor)", atMost: 2 },
    { name: "keyward valid key, 1M keys", against: "sha256 (node:crypto hash, the floor)", atMost: 2 },
    { name: "better-auth verifyApiKey, 1k keys", against: "keyward valid key, 1k keys", atLeast: 300 },
  ],
});
