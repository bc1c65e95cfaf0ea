import type { KeywardContext } from "../context";
import type { KeyLookup } from "../store";
import type { Role, StoredKey, User } from "../types";

/**
 * Reads a key with its owner and role, as one {@link KeyLookup}, for the cache: in one call where
 * the store has `lookupKey`, in up to three otherwise. A generator of store calls, run by
 * `runFlow`, so a synchronous store stays synchronous.
 * @param ctx - the instance's context
 * @param hash - the key's hash
 */
export function* loadLookup(
  ctx: KeywardContext,
  hash: string,
): Generator<unknown, KeyLookup | null, unknown> {
  const { store, call } = ctx;
  if (store.lookupKey) return (yield call("lookupKey", () => store.lookupKey!(hash))) as KeyLookup | null;
  const key = (yield call("findKeyByHash", () => store.findKeyByHash(hash))) as StoredKey | null;
  if (key === null) return null;
  const userId = key.kind === "user" ? key.userId : null;
  const user = userId === null ? null : ((yield call("getUser", () => store.getUser(userId))) as User | null);
  const roleId = key.kind === "user" ? (user?.role ?? null) : key.role;
  const role =
    roleId === null || roleId === ctx.superRole
      ? null
      : ((yield call("getRole", () => store.getRole(roleId))) as Role | null);
  return { key, user, role };
}

/**
 * The public role's id and the role itself, from the cache when it is fresh, from the store
 * otherwise (and then kept).
 * @param ctx - the instance's context
 */
export function* loadPublicRole(
  ctx: KeywardContext,
): Generator<unknown, { appid: string | null; role: Role | null }, unknown> {
  const cache = ctx.cache;
  const cached = cache?.publicRole(ctx.nowMs());
  if (cached !== undefined) return cached;
  const generation = cache?.generation ?? 0;
  const appid = (yield ctx.call("getPublicRole", () => ctx.store.getPublicRole())) as string | null;
  const role =
    appid === null ? null : ((yield ctx.call("getRole", () => ctx.store.getRole(appid))) as Role | null);
  cache?.rememberPublicRole(appid, role, ctx.nowMs(), generation);
  return { appid, role };
}
