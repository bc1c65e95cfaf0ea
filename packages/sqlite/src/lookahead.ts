import type { Role, User } from "@keyward/core";

/**
 * The owner and role read in the same statement as a key, handed to the `getUser` / `getRole` calls
 * that core makes right after `findKeyByHash`, so authentication costs one query instead of three.
 *
 * Kept only until the current synchronous run ends (a microtask clears it) and consumed by the
 * first matching call, so it is never older than the key it came with: with a synchronous store,
 * core's authentication runs all three lookups in one uninterrupted run, and the values come from
 * one consistent snapshot of the database. Any write through the store clears it.
 */
export class Lookahead {
  private user: { readonly id: string; readonly value: User | null } | null = null;
  private role: { readonly appid: string; readonly value: Role | null } | null = null;
  private clearing = false;

  /**
   * Remembers what was read with a key.
   * @param user - the key's owner by id (`value: null` when the owner does not exist), or `null` for app keys
   * @param role - the role the key acts with, or `null` when it has none
   */
  remember(
    user: { readonly id: string; readonly value: User | null } | null,
    role: { readonly appid: string; readonly value: Role | null } | null,
  ): void {
    this.user = user;
    this.role = role;
    if (!this.clearing) {
      this.clearing = true;
      queueMicrotask(() => this.clear());
    }
  }

  /**
   * The remembered user with this id (`null`: known not to exist), or `undefined` when unknown.
   * @param id - the user id asked for
   */
  takeUser(id: string): User | null | undefined {
    const found = this.user;
    if (found === null || found.id !== id) return undefined;
    this.user = null;
    return found.value;
  }

  /**
   * The remembered role with this appid (`null`: known not to exist), or `undefined` when unknown.
   * @param appid - the role asked for
   */
  takeRole(appid: string): Role | null | undefined {
    const found = this.role;
    if (found === null || found.appid !== appid) return undefined;
    this.role = null;
    return found.value;
  }

  /** Forgets everything. */
  clear(): void {
    this.user = null;
    this.role = null;
    this.clearing = false;
  }
}
