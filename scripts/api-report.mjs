#!/usr/bin/env node
// API reports: one API Extractor report per published entry point (root and every subpath of each
// package's `exports` map), checked in as packages/<pkg>/etc/<entry>.api.md, so that a change to the
// public API shows up in review as a diff of that file.
//
//   node scripts/api-report.mjs           regenerate the reports from the built .d.ts (pnpm api:update)
//   node scripts/api-report.mjs --check   fail when a report differs or is missing (pnpm api:check)
//   … --filter core                       only packages whose folder or name contains "core"
//
// API Extractor takes one entry point per config, so this writes one config per entry into a temporary
// folder and runs each. It reads the .d.ts that `pnpm build` wrote; it refuses to run on a dist older
// than the package's source, which would report yesterday's API.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { entryPoints, publishedPackages, ROOT } from "./lib/packages.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const filterIndex = args.indexOf("--filter");
const filter = filterIndex === -1 ? undefined : args[filterIndex + 1];
const verbose = args.includes("--verbose");

// Release tags (@public, @beta) are not used in this project; forgotten exports (a type the API uses
// but no entry point exports) stay visible as warnings inside the report, where a reviewer sees them.
const messages = {
  compilerMessageReporting: { default: { logLevel: "warning" } },
  extractorMessageReporting: {
    default: { logLevel: "warning" },
    "ae-missing-release-tag": { logLevel: "none" },
    "ae-internal-missing-underscore": { logLevel: "none" },
    "ae-undocumented": { logLevel: "none" },
    "ae-forgotten-export": { logLevel: "warning", addToApiReportFile: true },
    "ae-unresolved-link": { logLevel: "warning", addToApiReportFile: true },
    "ae-incompatible-release-tags": { logLevel: "none" },
    // tsup's declaration bundle puts the imports above an entry's @packageDocumentation comment.
    "ae-misplaced-package-tag": { logLevel: "none" },
  },
  // TypeDoc validates the comments (with the TSDoc tags TypeDoc knows, and warnings as errors in
  // `pnpm docs:site`); API Extractor's stricter TSDoc dialect would only repeat that check with other tags.
  tsdocMessageReporting: { default: { logLevel: "none" } },
};

// How the published .d.ts are compiled: as an ESM consumer with `moduleResolution: nodenext` sees them.
const compilerOptions = {
  target: "ES2022",
  lib: ["ES2022", "DOM"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  skipLibCheck: true,
  types: ["node"],
};

const tempDir = mkdtempSync(join(tmpdir(), "keyward-api-"));
let failures = 0;
let changed = 0;
let entries = 0;

try {
  for (const pkg of publishedPackages()) {
    if (filter && !pkg.folder.includes(filter) && !pkg.name.includes(filter)) continue;
    const reportFolder = join(pkg.dir, "etc");
    const expectedReports = new Set();
    for (const entry of entryPoints(pkg)) {
      const label = `${entry.specifier}`;
      expectedReports.add(`${entry.name}.api.md`);
      if (entry.types === undefined) {
        console.error(`✗ ${label}: its exports entry names no types; cannot report its API`);
        failures++;
        continue;
      }
      const stale = staleness(pkg.dir, entry.types);
      if (stale) {
        console.error(`✗ ${label}: ${stale}; run \`pnpm build\` first`);
        failures++;
        continue;
      }
      entries++;
      const result = runExtractor(pkg, entry, reportFolder);
      if (result.failed) failures++;
      if (result.changed) changed++;
    }
    failures += orphanReports(reportFolder, expectedReports);
  }
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}

const summary = `${entries} entry points, ${changed} report(s) ${check ? "differ" : "updated"}, ${failures} failure(s)`;
if (failures > 0 || (check && changed > 0)) {
  console.error(`\napi-report: ${summary}`);
  if (check && changed > 0) console.error("The public API changed: run `pnpm api:update` and commit etc/.");
  process.exit(1);
}
console.log(`\napi-report: ${summary}`);

function runExtractor(pkg, entry, reportFolder) {
  const configPath = join(tempDir, `${pkg.folder}.${entry.name}.api-extractor.json`);
  const generatedFolder = join(tempDir, "reports", pkg.folder);
  const config = {
    $schema: "https://developer.microsoft.com/json-schemas/api-extractor/v7/api-extractor.schema.json",
    projectFolder: pkg.dir,
    mainEntryPointFilePath: entry.types,
    bundledPackages: [],
    newlineKind: "lf",
    enumMemberOrder: "preserve",
    compiler: { overrideTsconfig: { compilerOptions, files: [entry.types] } },
    // API Extractor writes into the temporary folder; this script compares and copies, because the
    // checked-in report is the Biome-formatted one (`pnpm lint` formats Markdown and its code blocks).
    apiReport: {
      enabled: true,
      reportFileName: entry.name,
      reportFolder: generatedFolder,
      reportTempFolder: join(tempDir, "work", pkg.folder),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages,
  };
  mkdirSync(generatedFolder, { recursive: true });
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const extractorConfig = ExtractorConfig.prepare({
    configObject: ExtractorConfig.loadFile(configPath),
    configObjectFullPath: configPath,
    packageJsonFullPath: join(pkg.dir, "package.json"),
  });
  const problems = [];
  Extractor.invoke(extractorConfig, {
    localBuild: true,
    showVerboseMessages: false,
    messageCallback(message) {
      // Anything logged as a warning or an error, other than the report being (re)written, is a
      // problem of the declarations (an unresolved import, a compiler error) and fails the run.
      const reportNotice = message.messageId?.startsWith("console-api-report");
      if (!reportNotice && (message.logLevel === "error" || message.logLevel === "warning")) {
        problems.push(`${message.messageId}: ${message.text}`);
      }
      if (!verbose) message.handled = true;
    },
  });

  const reportPath = join(reportFolder, `${entry.name}.api.md`);
  const shortPath = relative(ROOT, reportPath);
  const generated = formatMarkdown(
    readFileSync(join(generatedFolder, `${entry.name}.api.md`), "utf8"),
    shortPath,
  );
  const current = existsSync(reportPath) ? readFileSync(reportPath, "utf8") : undefined;
  const reportChanged = generated !== current;
  if (reportChanged && !check) {
    mkdirSync(reportFolder, { recursive: true });
    writeFileSync(reportPath, generated);
  }
  const failed = problems.length > 0;
  const mark = failed ? "✗" : reportChanged ? (check ? "≠" : "↻") : "✓";
  const note = !reportChanged ? "" : current === undefined ? " (new)" : check ? " (differs)" : " (updated)";
  console.log(`${mark} ${entry.specifier} → ${shortPath}${note}`);
  for (const text of problems) console.log(indent(text));
  if (reportChanged && check) console.log(indent(unifiedDiff(current ?? "", generated, shortPath)));
  return { failed, changed: reportChanged };
}

// Biome's formatting of the report, as `pnpm format` would leave it at that path.
function formatMarkdown(text, path) {
  return execFileSync(join(ROOT, "node_modules/.bin/biome"), ["format", `--stdin-file-path=${path}`], {
    cwd: ROOT,
    input: text,
    encoding: "utf8",
  });
}

function unifiedDiff(before, after, path) {
  const a = join(tempDir, "before.md");
  const b = join(tempDir, "after.md");
  writeFileSync(a, before);
  writeFileSync(b, after);
  const result = spawnSync(
    "diff",
    ["-u", "--label", `${path} (checked in)`, "--label", `${path} (built)`, a, b],
    {
      encoding: "utf8",
    },
  );
  return result.stdout.trimEnd();
}

// The newest non-test source file of the package against the .d.ts: a report from a stale build would
// pass or fail for the wrong reason.
function staleness(pkgDir, typesPath) {
  let typesTime;
  try {
    typesTime = statSync(typesPath).mtimeMs;
  } catch {
    return `${relative(ROOT, typesPath)} does not exist`;
  }
  const newest = newestSource(join(pkgDir, "src"));
  if (newest && newest.time > typesTime) {
    return `${relative(ROOT, newest.path)} is newer than ${relative(ROOT, typesPath)}`;
  }
  return undefined;
}

function newestSource(dir) {
  let newest;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : /\.(c|m)?tsx?$/.test(entry.name) && !/\.test(-d)?\.tsx?$/.test(entry.name)
        ? { path, time: statSync(path).mtimeMs }
        : undefined;
    if (candidate && (!newest || candidate.time > newest.time)) newest = candidate;
  }
  return newest;
}

// A report whose entry point is gone: stale in --check, removed on update.
function orphanReports(reportFolder, expected) {
  let files;
  try {
    files = readdirSync(reportFolder).filter((file) => file.endsWith(".api.md"));
  } catch {
    return 0;
  }
  let problems = 0;
  for (const file of files) {
    if (expected.has(file)) continue;
    const path = relative(ROOT, join(reportFolder, file));
    if (check) {
      console.error(`✗ ${path}: no exports entry has this report any more; run \`pnpm api:update\``);
      problems++;
    } else {
      unlinkSync(join(reportFolder, file));
      console.log(`− ${path} (entry point removed)`);
    }
  }
  return problems;
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
