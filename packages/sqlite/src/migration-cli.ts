#!/usr/bin/env node
// keyward-sqlite-migration [--table-prefix keyward_] [--from 0]: prints the migration file of the schema
// (see migrationSql) to stdout, e.g. `keyward-sqlite-migration > migrations/0001_keyward.sql`.
import { parseArgs } from "node:util";
import { migrationSql } from "./migration-file";

try {
  const { values } = parseArgs({
    options: { "table-prefix": { type: "string" }, from: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    process.stdout.write(
      "usage: keyward-sqlite-migration [--table-prefix keyward_] [--from <version>] > file.sql\n",
    );
  } else {
    process.stdout.write(
      migrationSql({
        ...(values["table-prefix"] === undefined ? {} : { tablePrefix: values["table-prefix"] }),
        ...(values.from === undefined ? {} : { from: Number(values.from) }),
      }),
    );
  }
} catch (error) {
  process.stderr.write(`keyward-sqlite-migration: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
