// The published packages of the workspace and their entry points, read from each package.json's
// `exports` map, so that tooling (API reports, docs, the release dry run) follows the packages as they
// are instead of a list kept by hand: a new package or subpath is picked up by the next run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** The condition that points at a package's TypeScript source inside this workspace. */
export const SOURCE_CONDITION = "@keyward/source";

/**
 * Every non-private package under packages/, sorted by folder name.
 * @param root - the repository (default: this one; the release dry run passes its copy)
 * @returns `{ dir, folder, name, manifest }` for each
 */
export function publishedPackages(root = ROOT) {
  const packagesDir = join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      return { dir, folder: entry.name, name: manifest.name, manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/**
 * Resolves an `exports` target the way Node and TypeScript do: the first key of each conditions object
 * that is in `conditions` wins, in the object's own order.
 * @returns the relative path, or undefined when no condition matches
 */
export function resolveTarget(target, conditions) {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = resolveTarget(item, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target === null || typeof target !== "object") return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (conditions.includes(condition)) {
      const found = resolveTarget(value, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Turns a subpath into a file-name-safe entry name: "." → "index", "./d1" → "d1", "./a/b" → "a-b". */
export function entryName(subpath) {
  return subpath === "." ? "index" : subpath.replace(/^\.\//, "").replaceAll("/", "-");
}

/** What a published subpath is imported as: "@keyward/core", "@keyward/core/adapter". */
export function importSpecifier(pkgName, subpath) {
  return subpath === "." ? pkgName : `${pkgName}/${subpath.replace(/^\.\//, "")}`;
}

/**
 * The code entry points of a package: every subpath of its `exports` map except `./package.json` and
 * patterns (`./*`), each with the .d.ts an ESM importer sees and the TypeScript source in this
 * workspace (the `@keyward/source` condition), when there is one.
 * @returns `{ subpath, name, specifier, types, source }` with absolute paths
 */
export function entryPoints(pkg) {
  const exportsMap = pkg.manifest.exports;
  const map =
    typeof exportsMap === "string" || Array.isArray(exportsMap) || !isSubpathMap(exportsMap)
      ? { ".": exportsMap }
      : exportsMap;
  const result = [];
  for (const [subpath, target] of Object.entries(map ?? {})) {
    if (subpath === "./package.json" || subpath.includes("*")) continue;
    const typesTarget = resolveTarget(target, ["types", "import", "node", "default"]);
    const types = typesTarget === undefined ? undefined : toDeclarationPath(typesTarget);
    const sourceTarget = resolveTarget(target, [SOURCE_CONDITION]);
    result.push({
      subpath,
      name: entryName(subpath),
      specifier: importSpecifier(pkg.name, subpath),
      types: types === undefined ? undefined : resolve(pkg.dir, types),
      source: sourceTarget === undefined ? undefined : resolve(pkg.dir, sourceTarget),
    });
  }
  return result;
}

function isSubpathMap(value) {
  return value !== null && typeof value === "object" && Object.keys(value).some((key) => key.startsWith("."));
}

// A JavaScript target's declarations sit next to it (tsup writes index.d.ts beside index.js).
function toDeclarationPath(target) {
  if (/\.d\.[cm]?ts$/.test(target)) return target;
  return target.replace(/\.(c|m)?js$/, (_, kind) => `.d.${kind ?? ""}ts`);
}
