import * as nodeCrypto from "node:crypto";
import type { KeyHasher } from "./key-hasher";

/**
 * The Node hasher, picked through the `node` export condition (Node, Bun and Deno match it). It is
 * synchronous and about 100x cheaper per call than `crypto.subtle.digest` on Node, which matters
 * because every authenticated request hashes once. Gives exactly the hashes of the Web hasher.
 * @param pepper - HMAC secret; plain SHA-256 without one
 */
export function createSha256Hasher(pepper?: string): KeyHasher {
  if (pepper !== undefined) {
    return (key) => nodeCrypto.createHmac("sha256", pepper).update(key, "utf8").digest("hex");
  }
  const oneShot = nodeCrypto.hash;
  if (typeof oneShot === "function") return (key) => oneShot("sha256", key, "hex");
  return (key) => nodeCrypto.createHash("sha256").update(key, "utf8").digest("hex");
}
