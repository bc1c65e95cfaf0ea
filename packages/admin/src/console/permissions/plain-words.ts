import { compilePermissions } from "@keyward/core/adapter";

const MANAGEMENT = [
  "keyward/keys/manage",
  "keyward/roles/manage",
  "keyward/users/manage",
  "keyward/settings/manage",
];

/**
 * One permission pattern in plain words: `content/posts/read` as is, `content/*\/read` as
 * "content/‹any one name›/read", `content/**` as "anything under content/", `**` as "everything".
 * @param pattern - an allow pattern (without `!`)
 */
export function patternInWords(pattern: string): string {
  if (pattern === "**") return "everything";
  const words = pattern.split("/").map((segment) => (segment === "*" ? "‹any one name›" : segment));
  if (words.at(-1) === "**") return `anything under ${words.slice(0, -1).join("/")}/`;
  return words.join("/");
}

/** What a role would let anyone do without a key, for the public role's warning. */
export interface PublicReach {
  /** Allow patterns, in plain words. */
  readonly can: string[];
  /** Deny patterns (`!…`), in plain words: the exceptions. */
  readonly never: string[];
  /**
   * A management permission the role grants: the API refuses such a role as the public role, and
   * keyward never lets a request without a key manage anything.
   */
  readonly manages: string | null;
}

/**
 * What a role's patterns would let every caller without a key do, if it became the public role.
 * @param patterns - the role's permission patterns
 */
export function publicReach(patterns: readonly string[]): PublicReach {
  const matcher = compilePermissions(patterns, { memoSize: 0 });
  return {
    can: patterns.filter((pattern) => !pattern.startsWith("!")).map(patternInWords),
    never: patterns
      .filter((pattern) => pattern.startsWith("!"))
      .map((pattern) => patternInWords(pattern.slice(1))),
    manages: MANAGEMENT.find((permission) => matcher.allows(permission)) ?? null,
  };
}
