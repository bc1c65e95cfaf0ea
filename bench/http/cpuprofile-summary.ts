/**
 * Summarises a V8 CPU profile (`.cpuprofile`, as `node --cpu-prof` or the inspector writes it) by
 * self time per function and per package, optionally per request.
 *
 * Two views per package:
 * - self: time spent in the package's own functions;
 * - with callees: self, plus the Node internals and native code (hashing, socket writes, builtins)
 *   that the package's functions called, i.e. every sample charged to the nearest caller that
 *   belongs to a package. Framework code a middleware calls (Express's `next()`) stays with the
 *   framework, so a middleware is not charged for the rest of the request.
 * Garbage collection cannot be charged to whoever allocated: it is its own row.
 *
 * Run: node --import tsx http/cpuprofile-summary.ts <file.cpuprofile> [requests] [top]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The JSON of a `.cpuprofile` file (the fields used here). */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Time per name, in µs. */
type Tally = Map<string, number>;

/** Pseudo-frames V8 records outside any JavaScript function. */
const SPECIAL = new Set(["(garbage collector)", "(program)", "(idle)", "(root)"]);
/** Groups that run on behalf of their caller: charged to it in the "with callees" view. */
const HELPERS = new Set(["node", "(native)"]);

/**
 * The package a frame belongs to: `@keyward/<dir>` for this repository's packages, the npm package
 * name under node_modules, `node` for Node's own JavaScript, `(native)` for code without a script.
 * @param frame - a profile call frame
 */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === "") return SPECIAL.has(functionName) ? functionName : "(native)";
  if (url.startsWith("node:")) return "node";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + "/node_modules/".length).split("/");
    return scope?.startsWith("@") ? `${scope}/${name}` : (scope ?? "other");
  }
  const own = /\/packages\/([^/]+)\//.exec(url);
  if (own !== null) return `@keyward/${own[1]}`;
  if (url.includes("/bench/")) return "bench app";
  return "other";
}

function shortPlace(frame: CallFrame): string {
  const { url } = frame;
  if (url === "") return "";
  const modules = url.lastIndexOf("/node_modules/");
  const path =
    modules !== -1
      ? url.slice(modules + "/node_modules/".length)
      : url.replace(/^file:\/\/.*?\/(packages|bench)\//, "$1/");
  // tsx reports line 0 for every function of a module it compiled: then the file alone.
  return frame.lineNumber > 0 ? `${path}:${frame.lineNumber + 1}` : path;
}

/** Self and charged time of each package and function in one profile. */
export interface ProfileSummary {
  /** Sampled time, µs. */
  readonly totalUs: number;
  readonly idleUs: number;
  readonly selfByPackage: Tally;
  /** Self time plus the Node/native time the package's functions called. */
  readonly chargedByPackage: Tally;
  /** Self time by `function (place) [package]`. */
  readonly selfByFunction: Tally;
  /** Charged time by function, for functions of a package (not Node's or native). */
  readonly chargedByFunction: Tally;
}

const add = (tally: Tally, name: string, us: number) => tally.set(name, (tally.get(name) ?? 0) + us);

/**
 * Adds up a profile's samples: each sample lasts until the next one (the last gets the mean).
 * @param profile - a parsed `.cpuprofile`
 */
export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || "(anonymous)"} ${shortPlace(node.callFrame)} [${packageOf(node.callFrame)}]`;
  /** The nearest frame, from this one up, whose package is not a helper. */
  const chargedFrame = new Map<number, ProfileNode>();
  const chargedTo = (id: number): ProfileNode => {
    const known = chargedFrame.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = HELPERS.has(packageOf(node.callFrame)) && up !== undefined ? chargedTo(up) : node;
    chargedFrame.set(id, result);
    return result;
  };

  const summary: ProfileSummary = {
    totalUs: 0,
    idleUs: 0,
    selfByPackage: new Map(),
    chargedByPackage: new Map(),
    selfByFunction: new Map(),
    chargedByFunction: new Map(),
  };
  let totalUs = 0;
  let idleUs = 0;
  const { samples, timeDeltas } = profile;
  const meanDelta = (profile.endTime - profile.startTime) / Math.max(1, samples.length);
  for (let i = 0; i < samples.length; i++) {
    const us = i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : meanDelta;
    const node = byId.get(samples[i]!)!;
    totalUs += us;
    const pkg = packageOf(node.callFrame);
    if (pkg === "(idle)") idleUs += us;
    add(summary.selfByPackage, pkg, us);
    add(summary.selfByFunction, label(node), us);
    const charged = chargedTo(node.id);
    const chargedPkg = packageOf(charged.callFrame);
    add(summary.chargedByPackage, chargedPkg, us);
    if (!HELPERS.has(chargedPkg) && !SPECIAL.has(charged.callFrame.functionName)) {
      add(summary.chargedByFunction, label(charged), us);
    }
  }
  return { ...summary, totalUs, idleUs };
}

/** Options of {@link formatSummary}. */
export interface FormatOptions {
  /** Requests served while the profile ran: adds µs per request columns. */
  readonly requests?: number;
  /** Rows of the function tables. Default 15. */
  readonly top?: number;
  /** Also list every function of packages whose name starts with this, by charged time. */
  readonly focus?: string;
}

/**
 * The summary as text tables: busy time, packages, top functions by self time, and the focused
 * packages' functions by charged time. Percentages are of busy (not idle) time.
 * @param summary - what {@link summariseProfile} returned
 * @param options - requests, rows, focus
 */
export function formatSummary(summary: ProfileSummary, options: FormatOptions = {}): string {
  const busy = summary.totalUs - summary.idleUs;
  const requests = options.requests;
  const perRequest = (us: number) => (requests === undefined ? "" : (us / requests).toFixed(2).padStart(8));
  const share = (us: number) => `${((us / busy) * 100).toFixed(1)}%`.padStart(6);
  const sorted = (tally: Tally) =>
    [...tally].filter(([name]) => !name.startsWith("(idle)")).sort((a, b) => b[1] - a[1]);
  const lines: string[] = [];
  lines.push(
    `busy ${(busy / 1000).toFixed(0)} ms of ${(summary.totalUs / 1000).toFixed(0)} ms sampled` +
      (requests === undefined
        ? ""
        : `; ${requests} requests, ${(busy / requests).toFixed(1)} µs busy per request`),
  );
  const unit = requests === undefined ? "" : " µs/req";
  lines.push(
    `\n${"package".padEnd(28)} ${"self".padStart(6)}${unit.padStart(8)} ${"+callees".padStart(8)}${unit.padStart(8)}`,
  );
  for (const [name, us] of sorted(summary.selfByPackage)) {
    // Node's and native code's time is charged to their callers in the second view.
    const charged = HELPERS.has(name)
      ? ""
      : `${share(summary.chargedByPackage.get(name) ?? 0).padStart(8)}${perRequest(summary.chargedByPackage.get(name) ?? 0)}`;
    lines.push(`${name.padEnd(28)} ${share(us)}${perRequest(us)} ${charged}`);
  }
  const top = options.top ?? 15;
  lines.push(`\ntop ${top} functions by self time${unit === "" ? "" : " (µs/req)"}`);
  for (const [name, us] of sorted(summary.selfByFunction).slice(0, top)) {
    lines.push(`${share(us)}${perRequest(us)}  ${name}`);
  }
  if (options.focus !== undefined) {
    const focus = options.focus;
    lines.push(
      `\n${focus}* functions, self + the Node/native work they called${unit === "" ? "" : " (µs/req)"}`,
    );
    for (const [name, us] of sorted(summary.chargedByFunction)) {
      if (name.includes(`[${focus}`)) lines.push(`${share(us)}${perRequest(us)}  ${name}`);
    }
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [file, requests, top] = process.argv.slice(2);
  if (file === undefined || (requests !== undefined && !/^\d+$/.test(requests))) {
    console.error("usage: cpuprofile-summary.ts <file.cpuprofile> [requests] [top]");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  console.log(
    formatSummary(summariseProfile(profile), {
      ...(requests === undefined ? {} : { requests: Number(requests) }),
      top: top === undefined ? 15 : Number(top),
      focus: "@keyward/",
    }),
  );
}
