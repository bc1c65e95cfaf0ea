import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeOrSkip } from "../../conformance/src/skip-policy";
import { type CliMode, type KeywardBinary, keywardBinary } from "./spawn-cli";

/** A store for one run of the flow: its `--store` value and how to clean up after it. */
export interface FlowStore {
  readonly url: string;
  cleanup(): Promise<void>;
}

const KEY = /\b(USR|API)-[0-9a-f]{40}\b/g;

/**
 * The operator's walk-through, against the real binary and a real store: migrate, roles, users, a key,
 * check, refresh (the old key fails), the public role on and off, revoke.
 * @param name - the suite name
 * @param missing - what the suite needs and lacks (it is then skipped, or fails in CI), or undefined
 * @param open - creates an isolated store (own file, schema or prefix)
 * @param mode - run the binary from source or the built dist/bin.js
 */
export function describeCliFlow(
  name: string,
  missing: string | undefined,
  open: () => Promise<FlowStore>,
  mode: CliMode = "source",
): void {
  describeOrSkip(name, missing, () => {
    let cwd: string;
    let store: FlowStore;
    let binary: KeywardBinary;
    beforeAll(async () => {
      binary = await keywardBinary(mode);
      cwd = mkdtempSync(join(tmpdir(), "keyward-cli-"));
      store = await open();
    });
    afterAll(async () => {
      await store?.cleanup();
      await binary?.dispose();
      if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
    });
    const keyward = (args: string[], input?: string) =>
      binary.run(args, {
        cwd,
        env: { KEYWARD_STORE: store.url },
        ...(input === undefined ? {} : { input }),
      });

    it("walks migrate, roles, users, keys, check, refresh, public role and revoke", async () => {
      for (let run = 0; run < 2; run++) {
        // migrate is idempotent: the second run changes nothing and succeeds.
        const migrated = await keyward(["migrate"]);
        expect(migrated.stderr.replace(/^warning: .*\n/gm, "")).toBe("");
        expect(migrated.code).toBe(0);
      }
      expect(
        (await keyward(["roles", "save", "editor", "--name", "Editor", "--permission", "content/*/read"]))
          .code,
      ).toBe(0);
      expect((await keyward(["roles", "save", "public", "--permission", "content/posts/read"])).code).toBe(0);

      const typo = await keyward(["users", "save", "alice", "--role", "edtor"]);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('error: unknown role "edtor" — known roles: admin, editor, public');
      expect(typo.stderr).not.toMatch(/\n\s+at /);
      expect((await keyward(["users", "save", "alice", "--role", "editor"])).code).toBe(0);

      const created = await keyward(["keys", "create", "--user", "alice", "--name", "laptop"]);
      expect(created.code).toBe(0);
      expect(created.stderr).toContain("shown once and will not be shown again");
      const [key] = created.stdout.match(KEY) ?? [];
      expect(key).toMatch(/^USR-/);

      const allowed = await keyward(["check", "-", "content/posts/read"], `${key}\n`);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain('allowed: content/posts/read for user "alice" with role "editor"');
      expect(allowed.stdout).toContain('rule "content/*/read" of role "editor" allows it');
      const denied = await keyward(["check", "-", "content/posts/delete"], `${key}\n`);
      expect(denied.code).toBe(1);
      expect(denied.stdout).toContain('no rule of role "editor" matches it');

      const listed = await keyward(["keys", "list", "--user", "alice", "--json"]);
      const [record] = JSON.parse(listed.stdout).keys;
      expect(record).toMatchObject({ userId: "alice", name: "laptop", revokedAt: null });
      expect(listed.stdout).not.toContain(key);

      const refreshed = await keyward(["keys", "refresh", record.id, "--json"]);
      expect(refreshed.code).toBe(0);
      const next = JSON.parse(refreshed.stdout).key as string;
      expect(next).not.toBe(key);
      expect((await keyward(["check", "-", "content/posts/read"], key)).stdout).toContain(
        "the key is not valid",
      );
      expect((await keyward(["check", "-", "content/posts/read"], next)).code).toBe(0);

      expect((await keyward(["check", "none", "content/posts/read"])).code).toBe(1);
      expect((await keyward(["public-role", "set", "public"])).code).toBe(0);
      expect((await keyward(["check", "none", "content/posts/read"])).code).toBe(0);
      expect((await keyward(["public-role", "set", "none"])).code).toBe(0);
      expect((await keyward(["public-role", "show"])).stdout).toContain("none");

      expect((await keyward(["keys", "revoke", record.id])).code).toBe(0);
      expect((await keyward(["check", "-", "content/posts/read"], next)).code).toBe(1);
      const table = await keyward(["keys", "list"]);
      expect(table.stdout).toMatch(/^ID\s+START\s+OWNER/);
      expect(table.stdout).toContain("revoked");
      for (const output of [table.stdout, listed.stdout, allowed.stdout, allowed.stderr]) {
        expect(output).not.toMatch(KEY);
      }
    });
  });
}
