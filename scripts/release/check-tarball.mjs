#!/usr/bin/env node
// check-tarball.mjs <file.tgz>…: what `pnpm pack` put in each tarball is what a user needs. Fails when
// a tarball lacks LICENSE or README.md, still has a `workspace:` range, lacks the metadata npm shows
// (repository, homepage, bugs, keywords, author, license), ships tests, or when a file named by
// `exports`, `main`, `module`, `types` or `bin` is missing from it (a stale or partial build).
import { execFileSync } from "node:child_process";
import { basename } from "node:path";

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];
let failures = 0;

for (const tarball of process.argv.slice(2)) {
  const files = new Set(
    execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, "")),
  );
  const manifest = JSON.parse(
    execFileSync("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" }),
  );
  const problems = [];
  for (const required of ["LICENSE", "README.md", "package.json"]) {
    if (!files.has(required)) problems.push(`no ${required}`);
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${field}.${name} is still ${range}`);
    }
  }
  for (const field of ["repository", "homepage", "bugs", "keywords", "author", "license"]) {
    if (manifest[field] === undefined) problems.push(`no "${field}"`);
  }
  for (const file of files) {
    if (/\.test(-d)?\.[cm]?[jt]s$/.test(file)) problems.push(`ships a test: ${file}`);
  }
  for (const target of referencedFiles(manifest)) {
    const path = target.replace(/^\.\//, "");
    if (!files.has(path)) problems.push(`names ${target}, which is not in the tarball`);
  }
  const label = `${basename(tarball)} (${files.size} files)`;
  if (problems.length === 0) {
    console.log(`  ok   ${label}`);
  } else {
    failures++;
    console.log(`  FAIL ${label}`);
    for (const problem of problems) console.log(`       - ${problem}`);
  }
}
process.exit(failures === 0 ? 0 : 1);

function referencedFiles(manifest) {
  const targets = new Set();
  const walk = (value) => {
    if (typeof value === "string") {
      if (!value.includes("*")) targets.add(value);
    } else if (value && typeof value === "object") {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(manifest.exports);
  for (const field of ["main", "module", "types"]) walk(manifest[field]);
  walk(typeof manifest.bin === "string" ? manifest.bin : manifest.bin);
  return targets;
}
