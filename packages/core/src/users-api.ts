import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { actorOf } from "./events/event-hub";
import type { ActorOptions } from "./events/types";
import { quoteInput } from "./redact";
import type { User } from "./types";
import { requireBoolean, requireId, requireObject } from "./validate";

/** User management. keyward keeps only what authentication needs: id, role, active. */
export interface UsersApi {
  /**
   * Creates or replaces a user. The role must exist (or be the super role).
   * @example
   * ```ts
   * await keyward.users.save({ id: "alice", role: "editor", active: true });
   * ```
   */
  save(user: User, options?: ActorOptions): Promise<User>;
  get(id: string): Promise<User | null>;
  /** All users, ordered by id. */
  list(): Promise<User[]>;
  /**
   * Removes a user and revokes all of the user's keys first, so that a user created later with
   * the same id does not inherit them. `NOT_FOUND` for an unknown id.
   */
  remove(id: string, options?: ActorOptions): Promise<void>;
}

/**
 * Builds the users API of an instance.
 * @param ctx - the instance's context
 */
export function createUsersApi(ctx: KeywardContext): UsersApi {
  const { store, call } = ctx;
  return {
    save: async (raw, options) => {
      const input = requireObject("user", raw);
      const user: User = {
        id: requireId("id", input.id),
        role: requireId("role", input.role),
        active: input.active === undefined ? true : requireBoolean("active", input.active),
      };
      if (user.role !== ctx.superRole && (await call("getRole", () => store.getRole(user.role))) === null) {
        const known = (await call("listRoles", () => store.listRoles())).map((role) => role.appid);
        throw new KeywardError(
          "INVALID_ARGUMENT",
          `Unknown role ${quoteInput(user.role)} — known roles: ${[ctx.superRole, ...known.filter((id) => id !== ctx.superRole)].join(", ")}`,
        );
      }
      await call("saveUser", () => store.saveUser(user));
      await ctx.changes.changed({ type: "user", userId: user.id });
      if (ctx.events.active) {
        const { id: userId, role, active } = user;
        ctx.events.emit({
          type: "user.saved",
          at: ctx.now(),
          actor: actorOf(options?.actor),
          userId,
          role,
          active,
        });
      }
      return user;
    },
    get: async (id) => call("getUser", () => store.getUser(requireId("id", id))),
    list: async () => call("listUsers", () => store.listUsers()),
    remove: async (raw, options) => {
      const id = requireId("id", raw);
      if ((await call("getUser", () => store.getUser(id))) === null) {
        throw new KeywardError("NOT_FOUND", `Unknown user ${quoteInput(id)}`);
      }
      // Revoke before deleting: if this stops halfway, the user exists with dead keys, never the
      // other way round.
      const revokedAt = ctx.now();
      const actor = actorOf(options?.actor);
      const revokeAll = async () => {
        for (const key of await call("listKeys", () => store.listKeys({ userId: id }))) {
          if (key.revokedAt !== null) continue;
          await call("revokeKey", () => store.revokeKey(key.id, revokedAt));
          if (ctx.events.active) {
            const { id: keyId, kind, start, userId, role } = key;
            ctx.events.emit({ type: "key.revoked", at: revokedAt, actor, keyId, kind, start, userId, role });
          }
        }
      };
      await revokeAll();
      await ctx.changes.changed({ type: "user", userId: id });
      await call("deleteUser", () => store.deleteUser(id));
      // A key created for this user while the first pass ran would otherwise outlive the user and
      // come back to life if the id is reused: sweep once more now that no new key can be made.
      await revokeAll();
      await ctx.changes.changed({ type: "user", userId: id });
      if (ctx.events.active) ctx.events.emit({ type: "user.removed", at: ctx.now(), actor, userId: id });
    },
  };
}
