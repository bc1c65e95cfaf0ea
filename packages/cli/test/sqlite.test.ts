import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeCliFlow } from "./cli-flow";
import { type KeywardBinary, keywardBinary } from "./spawn-cli";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyward-cli-sqlite-"));
  dirs.push(dir);
  return dir;
}
let binary: KeywardBinary;
beforeAll(async () => {
  binary = await keywardBinary("source");
});
afterAll(async () => {
  await binary?.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const runKeyward = (args: string[], options: { cwd: string }) => binary.run(args, options);

describeCliFlow("keyward binary on SQLite", undefined, async () => ({
  url: `sqlite:${join(tempDir(), "flow.db")}`,
  cleanup: async () => {},
}));

it("uses sqlite:./keyward.db by default, and only migrate creates it", async () => {
  const cwd = tempDir();
  const missing = await runKeyward(["roles", "list"], { cwd });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toBe(
    'error: no database at sqlite:./keyward.db\nhint: create it with "keyward migrate", or point --store / KEYWARD_STORE at an existing one\n',
  );
  expect(existsSync(join(cwd, "keyward.db"))).toBe(false);
  expect((await runKeyward(["migrate"], { cwd })).code).toBe(0);
  expect(existsSync(join(cwd, "keyward.db"))).toBe(true);
  const empty = await runKeyward(["roles", "list", "--json"], { cwd });
  expect(JSON.parse(empty.stdout)).toEqual({ roles: [], publicRole: null });
});

it("exits 2 with usage on a bad command line, without a stack trace", async () => {
  const run = await runKeyward(["keys", "create", "--expires-in", "1y", "--user", "a"], { cwd: tempDir() });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('error: --expires-in "1y" is not a duration');
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
