/**
 * Permission checks: keyward against `Set.has` (the floor), @casl/ability `can()`, casbin
 * `enforceSync()` (RBAC model with keyMatch) and accesscontrol, on one rule set (rules.ts) in one run.
 *
 *   cd bench && node --conditions=@keyward/source --import tsx permissions/check.bench.ts
 *
 * Every measured call checks 64 prepared names; ns/op is per check (median batch time / 64, median of
 * 5 interleaved rounds). Arguments are translated into
 * each library's vocabulary before timing, so translation costs nobody anything. Every checker is
 * first verified to allow every name, so all rows do the same work.
 *
 * keyward remembers wildcard verdicts by name (a memo of 1024 names), so a repeated name is one `Map`
 * lookup. The wildcard goals are judged on first-seen names: the "first-seen names" rows cycle
 * through more distinct names than the memo holds, so no check is a memo hit. The "warm memo" rows
 * repeat the same 64 names and show the cache-hit path on its own.
 *
 * A second table measures keyward alone on the most expensive list the limits let through
 * (worst-case.ts): compiling it, and checking names no memo has seen against it.
 */
import { createMongoAbility } from "@casl/ability";
import { createKeyward, memoryStore, type Principal } from "@keyward/core";
import { compilePermissions } from "@keyward/core/adapter";
import { AccessControl } from "accesscontrol";
import { newEnforcer, newModelFromString } from "casbin";
import { do_not_optimize, measure } from "mitata";
import { buildRules, CHECKED_ROLE, exactNames, partsOf, type Rule, wildcardNames } from "./rules.ts";
import { worstCaseRows } from "./worst-case.ts";

const rules = buildRules();
const roleName = `role${CHECKED_ROLE}`;
const own = rules.filter((rule) => rule.role === roleName).map((rule) => rule.pattern);
/**
 * A copy of a string that is equal but not the same object. Stored rules and the names an app
 * checks are different strings in real life (one from the database, one from code or a route), so a
 * lookup compares contents; checking with the very objects the rules were built from would let
 * every hash table win on pointer equality.
 */
const copy = (name: string): string => name.split("").join("");
const exact = exactNames().map(copy);
const wild = wildcardNames().map(copy);
/** Other copies of the wildcard names: they warm keyward's memo, so measured checks are content hits. */
const wildWarm = wildcardNames();
/**
 * Distinct wildcard names the checked role holds, eight times the memo's 1024: cycling through them,
 * each name was last checked 8191 checks ago and the memo (cleared when full) no longer holds it.
 * The strings keep the hash V8 computed on their first lookup, so a name a request has just built
 * costs one more hash of its ~25 characters than these do.
 */
const FIRST_SEEN = 8192;
const firstSeen = Array.from({ length: FIRST_SEEN }, (_, n) =>
  n % 2 === 0 ? `content/item${n}/list${CHECKED_ROLE}` : `media${CHECKED_ROLE}/file${n}/read`,
);
/** A checker over the pool: each call takes the next name, whatever the batch index. */
function cycling(allows: (name: string) => boolean): Check {
  let next = 0;
  return () => allows(firstSeen[next++ & (FIRST_SEEN - 1)] as string);
}

type Check = (i: number) => boolean;
/** The wildcard row the goals are judged on. */
const FIRST_SEEN_LABEL = "keyward matcher.allows, first-seen names";
interface Row {
  readonly label: string;
  readonly kind: "exact" | "wildcard";
  readonly check: Check;
  readonly floor?: true;
}

// --- keyward --------------------------------------------------------------------------------------
async function keywardPrincipal(): Promise<Principal> {
  const keyward = createKeyward({ store: memoryStore() });
  const byRole = new Map<string, string[]>();
  for (const rule of rules) byRole.set(rule.role, [...(byRole.get(rule.role) ?? []), rule.pattern]);
  for (const [appid, permissions] of byRole) await keyward.roles.save({ appid, name: appid, permissions });
  await keyward.users.save({ id: "alice", role: roleName, active: true });
  const { key } = await keyward.keys.create({ userId: "alice" });
  const result = await keyward.authenticate(key);
  if (!result.ok) throw new Error("setup: authentication failed");
  return result.principal;
}

// --- CASL: exact names as (action, subject); wildcards as field patterns on the middle segment ----
function caslRules(patterns: readonly string[]) {
  return patterns.map((pattern) => {
    const [a, b, action] = partsOf(pattern);
    return b === "*" ? { action, subject: a, fields: ["*"] } : { action, subject: `${a}/${b}` };
  });
}

// --- casbin: RBAC with keyMatch over all 500 policies ---------------------------------------------
const CASBIN_MODEL = `
[request_definition]
r = sub, obj
[policy_definition]
p = sub, obj
[role_definition]
g = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub) && keyMatch(r.obj, p.obj)
`;

async function casbinEnforcer(all: readonly Rule[]) {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  await enforcer.addPolicies(all.map((rule) => [rule.role, rule.pattern]));
  await enforcer.addGroupingPolicy("alice", roleName);
  return enforcer;
}

// --- accesscontrol: exact rules only (it has no wildcard resources) --------------------------------
function accessControl(all: readonly Rule[]): AccessControl {
  const ac = new AccessControl();
  for (const rule of all) {
    if (rule.pattern.includes("*")) continue;
    const [a, b, action] = partsOf(rule.pattern);
    const grant = ac.grant(rule.role);
    if (action === "read") grant.readAny(`${a}/${b}`);
    else grant.updateAny(`${a}/${b}`);
  }
  return ac;
}

async function rows(): Promise<Row[]> {
  const principal = await keywardPrincipal();
  // Separate instances for first-seen names, so their memos never hold the warm rows' names.
  const firstSeenPrincipal = await keywardPrincipal();
  const roleMatcher = compilePermissions(own);
  const firstSeenMatcher = compilePermissions(own);
  const coldMatcher = compilePermissions(own, { memoSize: 0 });
  const bigMatcher = compilePermissions(rules.map((rule) => rule.pattern));
  const firstSeenBigMatcher = compilePermissions(rules.map((rule) => rule.pattern));
  for (const matcher of [firstSeenMatcher, firstSeenBigMatcher]) {
    for (const name of firstSeen) {
      if (!matcher.allows(name)) throw new Error(`keyward denies ${name}: rows would not be comparable`);
    }
  }
  const exactSet = new Set(own.filter((pattern) => !pattern.includes("*")));
  const wildSet = new Set(wildWarm);
  for (const matcher of [roleMatcher, bigMatcher]) for (const name of wildWarm) matcher.allows(name);
  for (const name of wildWarm) principal.can(name);
  const ability = createMongoAbility(caslRules(own));
  const enforcer = await casbinEnforcer(rules);
  const ac = accessControl(rules);
  const caslExact = exact.map((name) => {
    const [a, b, action] = partsOf(name);
    return [action, `${a}/${b}`] as const;
  });
  const caslWild = wild.map((name) => {
    const [a, b, action] = partsOf(name);
    return [action, a, b] as const;
  });
  const acExact = exact.map((name) => {
    const [a, b, action] = partsOf(name);
    return [action, `${a}/${b}`] as const;
  });
  const acCheck: Check = (i) => {
    const [action, resource] = acExact[i] as readonly [string, string];
    const query = ac.can(roleName);
    return (action === "read" ? query.readAny(resource) : query.updateAny(resource)).granted;
  };
  return [
    { label: "Set.has (floor)", kind: "exact", check: (i) => exactSet.has(exact[i] as string), floor: true },
    { label: "keyward matcher.allows", kind: "exact", check: (i) => roleMatcher.allows(exact[i] as string) },
    { label: "keyward principal.can", kind: "exact", check: (i) => principal.can(exact[i] as string) },
    {
      label: "keyward, one role of 500 rules",
      kind: "exact",
      check: (i) => bigMatcher.allows(exact[i] as string),
    },
    {
      label: "CASL can()",
      kind: "exact",
      check: (i) => ability.can(...(caslExact[i] as readonly [string, string])),
    },
    { label: "casbin enforceSync()", kind: "exact", check: (i) => enforcer.enforceSync("alice", exact[i]) },
    { label: "accesscontrol", kind: "exact", check: acCheck },
    { label: "Set.has (floor)", kind: "wildcard", check: (i) => wildSet.has(wild[i] as string), floor: true },
    {
      label: FIRST_SEEN_LABEL,
      kind: "wildcard",
      check: cycling((name) => firstSeenMatcher.allows(name)),
    },
    {
      label: "keyward principal.can, first-seen names",
      kind: "wildcard",
      check: cycling((name) => firstSeenPrincipal.can(name)),
    },
    {
      label: "keyward, one role of 500 rules, first-seen names",
      kind: "wildcard",
      check: cycling((name) => firstSeenBigMatcher.allows(name)),
    },
    {
      label: "keyward, memo off",
      kind: "wildcard",
      check: (i) => coldMatcher.allows(wild[i] as string),
    },
    {
      label: "keyward matcher.allows, warm memo (repeat names)",
      kind: "wildcard",
      check: (i) => roleMatcher.allows(wild[i] as string),
    },
    {
      label: "keyward principal.can, warm memo (repeat names)",
      kind: "wildcard",
      check: (i) => principal.can(wild[i] as string),
    },
    {
      label: "keyward, one role of 500 rules, warm memo",
      kind: "wildcard",
      check: (i) => bigMatcher.allows(wild[i] as string),
    },
    {
      label: "CASL can()",
      kind: "wildcard",
      check: (i) => ability.can(...(caslWild[i] as readonly [string, string, string])),
    },
    { label: "casbin enforceSync()", kind: "wildcard", check: (i) => enforcer.enforceSync("alice", wild[i]) },
  ];
}

/** Median time of one batch, per check. The median resists preemption by other jobs on the machine. */
async function nsPerCheck(check: Check): Promise<number> {
  return nsPerOperation(() => {
    let allowed = 0;
    for (let i = 0; i < 64; i++) if (check(i)) allowed++;
    return allowed;
  }, 64);
}

/** Median time of one call of `run`, divided by the operations it performs. */
async function nsPerOperation(run: () => unknown, perCall: number): Promise<number> {
  const stats = await measure(() => do_not_optimize(run()), { min_cpu_time: 120e6 });
  return stats.p50 / perCall;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const table = await rows();
for (const row of table) {
  for (let i = 0; i < 64; i++) {
    if (!row.check(i))
      throw new Error(`${row.label} (${row.kind}) denies name #${i}: rows would not be comparable`);
  }
}
// Rounds interleave the rows, so a burst of load from elsewhere hits every row alike; each row
// reports the median of its rounds.
const ROUNDS = 5;
const samples = new Map<Row, number[]>(table.map((row) => [row, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const row of table) samples.get(row)?.push(await nsPerCheck(row.check));
}
const results = new Map<Row, number>(table.map((row) => [row, median(samples.get(row) ?? [])]));

const find = (kind: Row["kind"], label: string): number => {
  const row = table.find((r) => r.kind === kind && r.label === label);
  return row === undefined ? Number.NaN : (results.get(row) as number);
};
console.log(`node ${process.version}, ${ROLE_SUMMARY()}; shared 2-core machine, numbers as measured\n`);
console.log("| kind | checker | ns/op | × Set.has | casbin ÷ this | CASL ÷ this |");
console.log("|---|---|---:|---:|---:|---:|");
for (const row of table) {
  const ns = results.get(row) as number;
  const floor = find(row.kind, "Set.has (floor)");
  const casbin = find(row.kind, "casbin enforceSync()");
  const casl = find(row.kind, "CASL can()");
  console.log(
    `| ${row.kind} | ${row.label} | ${ns.toFixed(1)} | ${(ns / floor).toFixed(2)} | ${(casbin / ns).toFixed(1)} | ${(casl / ns).toFixed(2)} |`,
  );
}

const goals: Array<[string, boolean]> = [];
for (const kind of ["exact", "wildcard"] as const) {
  // The role has no denies, so its exact verdicts are settled when it is compiled and every exact
  // check is the same lookup, seen or not; wildcard goals are read on names the memo has not seen.
  const k = find(kind, kind === "exact" ? "keyward matcher.allows" : FIRST_SEEN_LABEL);
  const limit = kind === "exact" ? 2 : 5;
  const names = kind === "wildcard" ? " (first-seen names)" : "";
  goals.push([
    `${kind}: keyward within ${limit}x of Set.has${names}`,
    k <= limit * find(kind, "Set.has (floor)"),
  ]);
  goals.push([
    `${kind}: keyward >= 10x faster than casbin${names}`,
    find(kind, "casbin enforceSync()") >= 10 * k,
  ]);
  goals.push([`${kind}: keyward faster than CASL${names}`, k < find(kind, "CASL can()")]);
}

// --- the worst case at the limits ---------------------------------------------------------------
const worst = worstCaseRows(own, compilePermissions);
const worstSamples = new Map(worst.map((row) => [row, [] as number[]]));
for (let round = 0; round < ROUNDS; round++) {
  for (const row of worst) worstSamples.get(row)?.push(await nsPerOperation(row.run, row.perCall));
}
console.log("\nWorst case at the limits (worst-case.ts): keyward alone\n");
console.log("| operation | time | goal |");
console.log("|---|---:|---:|");
for (const row of worst) {
  const ns = median(worstSamples.get(row) ?? []);
  console.log(`| ${row.label} | ${readable(ns)} | < ${readable(row.goalNs)} |`);
  goals.push([`worst case: ${row.label} under ${readable(row.goalNs)}`, ns < row.goalNs]);
}

console.log("");
for (const [goal, met] of goals) console.log(`${met ? "MET " : "MISS"} ${goal}`);

/** Nanoseconds as ns, µs or ms, whichever reads best. */
function readable(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(1)} ns`;
}

function ROLE_SUMMARY(): string {
  return `${rules.length} rules in 50 roles (8 exact + 2 wildcard each); checked role holds ${own.length}; 64 names per batch`;
}
