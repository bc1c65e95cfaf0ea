import { KeywardError } from "@keyward/core";

/**
 * The hash tag Redis Cluster reads from a key name, or `null` when the whole name is hashed: the
 * text between the first `{` and the first `}` after it, when that text is not empty.
 * @param name - a key name, or the start of one
 */
export function hashTagOf(name: string): string | null {
  const open = name.indexOf("{");
  if (open === -1) return null;
  const close = name.indexOf("}", open + 1);
  return close === -1 || close === open + 1 ? null : name.slice(open + 1, close);
}

/**
 * The prefix every key name of a store starts with: the user's prefix with its text wrapped in a hash
 * tag (`keyward:` → `{keyward}:`), or the prefix as given when it already holds one (`{app}:keyward:`).
 * Every name then hashes to one cluster slot whatever follows the prefix, so each script can touch
 * all the keys it declares on one node.
 * @param prefix - the store's `prefix` option, non-empty
 * @param caller - the factory's name, for the error message
 */
export function taggedPrefix(prefix: string, caller: string): string {
  if (hashTagOf(prefix) !== null) return prefix;
  // A lone or empty brace would let what follows the prefix (a user id, a role) decide the slot.
  if (prefix.includes("{") || prefix.includes("}")) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `${caller}: a prefix may hold "{" or "}" only as a hash tag with text inside, like "{app}:"`,
    );
  }
  const text = prefix.length > 1 && prefix.endsWith(":") ? prefix.slice(0, -1) : prefix;
  return `{${text}}${prefix.slice(text.length)}`;
}
