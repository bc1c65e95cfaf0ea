import type { Keyward } from "@keyward/core";
import { CliError, EXIT } from "./cli-error";

function listOf(ids: readonly string[], what: string): string {
  if (ids.length === 0) return `no ${what} exist yet`;
  const shown = ids.slice(0, 20).join(", ");
  return `known ${what}: ${shown}${ids.length > 20 ? `, … (${ids.length - 20} more)` : ""}`;
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
    `unknown role "${appid}" — ${listOf(ids, "roles")}`,
    EXIT.denied,
    `create it first: keyward roles save ${appid} --name "…" --permission …`,
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
    `unknown user "${id}" — ${listOf(known, "users")}`,
    EXIT.denied,
    `create it first: keyward users save ${id} --role <appid>`,
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
    `unknown key id "${id}"`,
    EXIT.denied,
    'list key ids with "keyward keys list"; pass the id, not the key itself',
  );
}

/**
 * Whether a string looks like key material (`USR-` or `API-` and hex), in any case.
 * @param text - an argument
 */
export function looksLikeKey(text: string): boolean {
  return /^(usr|api)-[0-9a-f]{8}/i.test(text.trim());
}

/**
 * Replaces anything shaped like a key in text bound for a terminal or log, so that no error path
 * (a typo'd command echoed by the parser, a driver message) can print key material.
 * @param text - output other than the freshly issued key
 */
export function redactKeys(text: string): string {
  return text.replace(/\b(USR|API)-[0-9a-f]{8,}/gi, "$1-[redacted]");
}
