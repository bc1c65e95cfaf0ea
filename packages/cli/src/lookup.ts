import type { Keyward } from "@keyward/core";
import { quoteInput } from "@keyward/core/adapter";
import { CliError, EXIT } from "./cli-error";

function listOf(ids: readonly string[], what: string): string {
  if (ids.length === 0) return `no ${what} exist yet`;
  const shown = ids.slice(0, 20).join(", ");
  return `known ${what}: ${shown}${ids.length > 20 ? `, … (${ids.length - 20} more)` : ""}`;
}

/** The argument itself for a hint when it is short enough to quote, else a placeholder. */
function argument(value: string, placeholder: string): string {
  return quoteInput(value) === JSON.stringify(value) && /^[\w.:@+-]+$/.test(value) ? value : placeholder;
}

/**
 * Fails with `unknown role "edtor" — known roles: …` unless the role exists or is the super role.
 * @param keyward - the instance
 * @param appid - the role named on the command line
 */
export async function requireRole(keyward: Keyward, appid: string): Promise<void> {
  if (appid === keyward.superRole || (await keyward.roles.get(appid)) !== null) return;
  const known = (await keyward.roles.list()).map((role) => role.appid);
  const ids = [keyward.superRole, ...known.filter((id) => id !== keyward.superRole)];
  throw new CliError(
    `unknown role ${quoteInput(appid)} — ${listOf(ids, "roles")}`,
    EXIT.denied,
    `create it first: keyward roles save ${argument(appid, "<appid>")} --name "…" --permission …`,
  );
}

/**
 * Fails with `unknown user "bob" — known users: …` unless the user exists.
 * @param keyward - the instance
 * @param id - the user named on the command line
 */
export async function requireUser(keyward: Keyward, id: string): Promise<void> {
  if ((await keyward.users.get(id)) !== null) return;
  const known = (await keyward.users.list()).map((user) => user.id);
  throw new CliError(
    `unknown user ${quoteInput(id)} — ${listOf(known, "users")}`,
    EXIT.denied,
    `create it first: keyward users save ${argument(id, "<id>")} --role <appid>`,
  );
}

/**
 * Fails with `unknown key id "…"` unless a key with this id exists. A key pasted where its id belongs
 * is refused without being echoed: it would otherwise end up in a terminal log.
 * @param keyward - the instance
 * @param id - the key id named on the command line (an id, never a key)
 */
export async function requireKeyId(keyward: Keyward, id: string): Promise<void> {
  if (looksLikeKey(id)) {
    throw new CliError(
      "that argument is a key, not a key id",
      EXIT.usage,
      'pass the id shown by "keyward keys list" (the key itself is never needed to manage it)',
    );
  }
  if ((await keyward.keys.get(id)) !== null) return;
  throw new CliError(
    `unknown key id ${quoteInput(id)}`,
    EXIT.denied,
    'list key ids with "keyward keys list"; pass the id, not the key itself',
  );
}

/**
 * Whether a string holds key material (`USR-` or `API-` and 8 hex characters), in any case and
 * anywhere in it: `xUSR-…` or `"USR-…` is a pasted key too.
 * @param text - an argument
 */
export function looksLikeKey(text: string): boolean {
  return /(usr|api)-[0-9a-f]{8}/i.test(text);
}
