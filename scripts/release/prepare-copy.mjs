#!/usr/bin/env node
// prepare-copy.mjs <dest>: a throw-away copy of what a release touches, where `changeset version` may
// bump versions and write CHANGELOG.md files, and `pnpm pack` may run, without changing this
// repository. Copied: the root manifest, the workspace file, .changeset/, every package under
// packages/ as built (dist included, node_modules left out), and the manifests of the other workspace
// projects (examples/, bench), which changesets reads to know the workspace.
//
// pnpm pack replaces `workspace:` ranges with the versions of the linked packages it finds in
// node_modules; the copy has no install, so each package gets node_modules links to its workspace
// dependencies in the copy, as `pnpm install` would make them.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ROOT } from "../lib/packages.mjs";

const dest = process.argv[2];
if (!dest) throw new Error("usage: prepare-copy.mjs <destination>");

const SKIP = new Set(["node_modules", ".wrangler", "coverage", "etc", ".turbo"]);
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

mkdirSync(dest, { recursive: true });
for (const file of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(ROOT, file), join(dest, file));
cpSync(join(ROOT, ".changeset"), join(dest, ".changeset"), { recursive: true });
// changesets loads its changelog generator (@changesets/cli/changelog) from the root's node_modules.
symlinkSync(join(ROOT, "node_modules"), join(dest, "node_modules"), "dir");

const projects = new Map(); // name → directory in the copy
for (const folder of ["packages", "examples"]) {
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const source = join(ROOT, folder, entry.name);
    if (!entry.isDirectory() || !existsSync(join(source, "package.json"))) continue;
    const target = join(dest, folder, entry.name);
    if (folder === "packages") {
      cpSync(source, target, {
        recursive: true,
        filter: (path) => !SKIP.has(relative(source, path).split("/")[0]),
      });
    } else {
      mkdirSync(target, { recursive: true });
      cpSync(join(source, "package.json"), join(target, "package.json"));
    }
    projects.set(readManifest(target).name, target);
  }
}
mkdirSync(join(dest, "bench"), { recursive: true });
cpSync(join(ROOT, "bench/package.json"), join(dest, "bench/package.json"));

for (const dir of projects.values()) {
  const manifest = readManifest(dir);
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (!String(range).startsWith("workspace:") || !projects.has(name)) continue;
      const link = join(dir, "node_modules", name);
      if (existsSync(link)) continue;
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(projects.get(name), link, "dir");
    }
  }
}
console.log(`copied ${projects.size} workspace projects to ${dest}`);

function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}
