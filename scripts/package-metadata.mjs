#!/usr/bin/env node
// Keeps what npm shows about each published package in line: the LICENSE file beside its
// package.json (npm and pnpm pack it whatever `files` says), and `repository`, `homepage`, `bugs`,
// `keywords` and `author`. Packages are found by glob, so a new package gets them on the next run.
//
//   node scripts/package-metadata.mjs           write what is missing or different
//   node scripts/package-metadata.mjs --check   fail when anything would change
//
// Other engineers edit these package.json files at the same time (dependencies), so each file is read
// right before it is written, and only the fields above are touched; the key order stays as it was.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { publishedPackages, ROOT } from "./lib/packages.mjs";
import { REPOSITORY_GIT_URL, REPOSITORY_URL } from "./lib/repository.mjs";

const check = process.argv.includes("--check");
const AUTHOR = "the keyward authors";
const BASE_KEYWORDS = [
  "keyward",
  "api-key",
  "api-keys",
  "authentication",
  "authorization",
  "permissions",
  "rbac",
];
// Runtimes a package is meant for, where its peer dependencies do not already say so.
const EXTRA_KEYWORDS = {
  core: ["roles", "cloudflare-workers", "bun", "deno"],
  hono: ["middleware", "cloudflare-workers", "bun", "deno"],
  express: ["middleware"],
  sqlite: ["sqlite", "d1", "cloudflare-d1", "bun"],
  postgres: ["postgresql"],
  cli: ["cli"],
  conformance: ["testing", "conformance"],
};
const NOT_KEYWORDS = /^@keyward\/|^@types\//;

const licenseText = readFileSync(join(ROOT, "LICENSE"), "utf8");
let differences = 0;

for (const pkg of publishedPackages()) {
  const licensePath = join(pkg.dir, "LICENSE");
  if (!existsSync(licensePath) || readFileSync(licensePath, "utf8") !== licenseText) {
    differences++;
    report(licensePath, "LICENSE");
    if (!check) copyFileSync(join(ROOT, "LICENSE"), licensePath);
  }

  const manifestPath = join(pkg.dir, "package.json");
  const text = readFileSync(manifestPath, "utf8"); // read right before writing: see above
  const manifest = JSON.parse(text);
  const wanted = metadataFor(pkg.folder, manifest);
  const updated = withFields(manifest, wanted);
  const next = `${JSON.stringify(updated, null, 2)}\n`;
  if (next !== text) {
    differences++;
    const fields = Object.keys(wanted).filter(
      (key) => JSON.stringify(manifest[key]) !== JSON.stringify(wanted[key]),
    );
    report(manifestPath, fields.length > 0 ? fields.join(", ") : "formatting");
    if (!check) writeFileSync(manifestPath, next);
  }
}

if (check && differences > 0) {
  console.error(`${differences} file(s) out of date: run \`node scripts/package-metadata.mjs\``);
  process.exit(1);
}
console.log(`package metadata: ${differences === 0 ? "up to date" : `${differences} file(s) written`}`);

function metadataFor(folder, manifest) {
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !NOT_KEYWORDS.test(name));
  const keywords = [...new Set([...BASE_KEYWORDS, ...(EXTRA_KEYWORDS[folder] ?? []), ...peers])];
  return {
    keywords,
    homepage: `${REPOSITORY_URL}/tree/main/packages/${folder}#readme`,
    bugs: { url: `${REPOSITORY_URL}/issues` },
    repository: { type: "git", url: REPOSITORY_GIT_URL, directory: `packages/${folder}` },
    license: manifest.license ?? "MIT",
    author: AUTHOR,
  };
}

// Sets `fields` on a copy of `manifest`: existing keys keep their place, new ones go after `license`
// (or `description`), where npm's own layout has them.
function withFields(manifest, fields) {
  const missing = Object.keys(fields).filter((key) => !(key in manifest));
  const anchor = "license" in manifest ? "license" : "description" in manifest ? "description" : "version";
  const result = {};
  for (const [key, value] of Object.entries(manifest)) {
    result[key] = key in fields ? fields[key] : value;
    if (key === anchor) for (const name of missing) result[name] = fields[name];
  }
  for (const name of missing) if (!(name in result)) result[name] = fields[name];
  return result;
}

function report(path, what) {
  console.log(`${check ? "differs" : "writes "}  ${relative(ROOT, path)}  (${what})`);
}
