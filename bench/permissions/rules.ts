/**
 * The shared rule set of the permission benchmark: 50 roles, each with 8 exact rules and 2 wildcard
 * rules (500 rules in all), written once and translated into each library's own vocabulary.
 * Every name is `<segment>/<segment>/<action>` so CASL can express the wildcards as field patterns.
 */
export const ROLE_COUNT = 50;
/** The role whose principal is checked. Its neighbours' rules are loaded too, as in a real app. */
export const CHECKED_ROLE = 25;

export interface Rule {
  readonly role: string;
  /** keyward pattern, e.g. `content/m3_1/read` or `content/*\/list3`. */
  readonly pattern: string;
}

/** All 500 rules. */
export function buildRules(): Rule[] {
  const rules: Rule[] = [];
  for (let r = 0; r < ROLE_COUNT; r++) {
    const role = `role${r}`;
    for (let j = 0; j < 4; j++) {
      rules.push({ role, pattern: `content/m${r}_${j}/read` });
      rules.push({ role, pattern: `content/m${r}_${j}/update` });
    }
    rules.push({ role, pattern: `content/*/list${r}` });
    rules.push({ role, pattern: `media${r}/*/read` });
  }
  return rules;
}

/** 64 names the checked role holds through an exact rule (its 8 exact names, repeated). */
export function exactNames(): string[] {
  const own = buildRules()
    .filter((rule) => rule.role === `role${CHECKED_ROLE}` && !rule.pattern.includes("*"))
    .map((rule) => rule.pattern);
  return Array.from({ length: 64 }, (_, i) => own[i % own.length] as string);
}

/** 64 distinct names the checked role holds only through its wildcard rules. */
export function wildcardNames(): string[] {
  return Array.from({ length: 64 }, (_, i) =>
    i % 2 === 0 ? `content/item${i}/list${CHECKED_ROLE}` : `media${CHECKED_ROLE}/file${i}/read`,
  );
}

/** The three parts of a name, as CASL and accesscontrol want them. */
export function partsOf(name: string): [string, string, string] {
  const [a, b, c] = name.split("/");
  return [a as string, b as string, c as string];
}
