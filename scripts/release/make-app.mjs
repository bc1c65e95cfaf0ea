#!/usr/bin/env node
// make-app.mjs <dir> <tarball-dir> <type> <name>… : writes <dir>/package.json for a fresh app outside
// the workspace. Each <name> is either a @keyward package (taken from its tarball in <tarball-dir>)
// ("@keyward/*": all of them) or a registry dependency with its range (`express@^5.1.0`). <type> is "module" or "commonjs".
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [dir, tarballDir, type, ...names] = process.argv.slice(2);
const tarballs = readdirSync(tarballDir).filter((file) => file.endsWith(".tgz"));
const dependencies = {};
// "@keyward/*" stands for every tarball.
const expanded = names.flatMap((name) =>
  name === "@keyward/*"
    ? tarballs.map((file) => `@keyward/${file.replace(/^keyward-(.+)-\d.*$/, "$1")}`)
    : [name],
);
for (const name of expanded) {
  if (name.startsWith("@keyward/")) {
    const prefix = `keyward-${name.slice("@keyward/".length)}-`;
    const file = tarballs.find(
      (tarball) => tarball.startsWith(prefix) && /^\d/.test(tarball.slice(prefix.length)),
    );
    if (!file) throw new Error(`no tarball for ${name} in ${tarballDir}`);
    dependencies[name] = `file:${resolve(tarballDir, file)}`;
  } else {
    const at = name.lastIndexOf("@");
    dependencies[name.slice(0, at)] = name.slice(at + 1);
  }
}
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "package.json"),
  `${JSON.stringify({ name: `keyward-smoke-${dir.split("/").pop()}`, private: true, type, dependencies }, null, 2)}\n`,
);
