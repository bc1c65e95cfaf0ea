// A TypeDoc plugin for `entryPointStrategy: "packages"`: each package is documented at the entry points
// of its `exports` map (root and every subpath, through the `@keyward/source` condition, i.e. the
// TypeScript source), and each entry's module is named as users import it ("@keyward/redis/ioredis").
// TypeDoc's own inference from `exports` picks the built .d.ts, which is outside each package's
// TypeScript program; listing entries by hand would go stale when a subpath is added.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Converter, ReflectionKind } from "typedoc";
import { entryPoints } from "../lib/packages.mjs";

/** Source file → import specifier, for every package read so far. */
const specifiers = new Map();

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.options.addReader({
    name: "keyward-exports-entry-points",
    // After typedoc.json (100), package.json (150) and tsconfig.json (200): an explicit
    // `entryPoints` in a package's own config still wins.
    order: 250,
    supportsPackages: true,
    read(options) {
      const dir = options.packageDir;
      if (dir === undefined || options.isSet("entryPoints")) return;
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const entries = entryPoints({ dir, name: manifest.name, manifest }).filter((e) => e.source);
      for (const entry of entries) specifiers.set(normalize(entry.source), entry.specifier);
      // An entry the package's tsconfig leaves out (a type-only augmentation checked elsewhere) is
      // still published: add it to the program so that it is documented too.
      const fileNames = options.getFileNames().map(normalize);
      const missing = entries.map((e) => normalize(e.source)).filter((file) => !fileNames.includes(file));
      if (missing.length > 0) {
        options.setCompilerOptions(
          [...fileNames, ...missing],
          options._compilerOptions,
          options.getProjectReferences(),
        );
      }
      options.setValue(
        "entryPoints",
        entries.map((entry) => entry.source),
        dir,
      );
    },
  });

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module) || reflection.parent !== context.project) return;
    const declaration = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    const specifier = declaration && specifiers.get(normalize(declaration.getSourceFile().fileName));
    if (specifier) reflection.name = specifier;
  });
}

function normalize(path) {
  return path.replaceAll("\\", "/");
}
