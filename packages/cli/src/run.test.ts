import { type KeywardStore, memoryStore } from "@keyward/core";
import { beforeEach, describe, expect, it } from "vitest";
import type { OpenedStore } from "./open-store";
import { type RunCliOptions, runCli } from "./run";

const KEY = /\b(USR|API)-[0-9a-f]{40}\b/;
const NOW = new Date("2026-01-01T00:00:00Z");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let store: KeywardStore;
let opened: { create: boolean; closed: number };

async function cli(argv: string[], extra: Partial<RunCliOptions> = {}): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    env: {},
    cwd: "/nonexistent",
    now: () => NOW,
    io: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    openStore: async (_spec, options): Promise<OpenedStore> => {
      opened.create = options.create;
      return {
        store,
        label: "memory",
        close: async () => {
          opened.closed++;
        },
      };
    },
    readStdin: async () => "",
    ...extra,
  });
  return { code, stdout, stderr };
}

function keyOf(outcome: Outcome): string {
  const match = KEY.exec(outcome.stdout);
  if (match === null) throw new Error(`no key in ${outcome.stdout}`);
  return match[0];
}

async function seed(): Promise<string> {
  await cli([
    "roles",
    "save",
    "editor",
    "--name",
    "Editor",
    "--permission",
    "content/*/read",
    "--permission",
    "!content/secret/read",
  ]);
  await cli(["roles", "save", "public", "--permission", "content/posts/read"]);
  await cli(["users", "save", "alice", "--role", "editor"]);
  return keyOf(await cli(["keys", "create", "--user", "alice", "--name", "laptop"]));
}

beforeEach(() => {
  store = memoryStore();
  opened = { create: false, closed: 0 };
});

describe("roles, users and the public role", () => {
  it("saves and lists roles as an aligned table and as JSON", async () => {
    await seed();
    const table = await cli(["roles", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^APPID\s+NAME\s+PUBLIC\s+PERMISSIONS\n/);
    expect(table.stdout).toContain("content/*/read !content/secret/read");
    // Aligned: the second column starts at the same offset on every line.
    const offsets = table.stdout
      .trimEnd()
      .split("\n")
      .slice(0, 3)
      .map((line) => /^\S+\s+/.exec(line)?.[0].length);
    expect(new Set(offsets).size).toBe(1);
    const json = JSON.parse((await cli(["roles", "list", "--json"])).stdout);
    expect(json.roles.map((role: { appid: string }) => role.appid)).toEqual(["editor", "public"]);
    expect(json.publicRole).toBeNull();
  });

  it("keeps a role's permissions when saved again with only a new name", async () => {
    await seed();
    await cli(["roles", "save", "editor", "--name", "Editors"]);
    expect(await store.getRole("editor")).toEqual({
      appid: "editor",
      name: "Editors",
      permissions: ["content/*/read", "!content/secret/read"],
    });
  });

  it("names the unknown role and the known ones, with exit code 1", async () => {
    await seed();
    const outcome = await cli(["users", "save", "bob", "--role", "edtor"]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('error: unknown role "edtor" — known roles: admin, editor, public');
    expect(outcome.stderr).toContain("hint: create it first: keyward roles save edtor");
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(await store.getUser("bob")).toBeNull();
  });

  it("requires --role for a new user (usage, exit 2) and keeps it for an existing one", async () => {
    await seed();
    expect((await cli(["users", "save", "bob"])).code).toBe(2);
    expect((await cli(["users", "save", "alice", "--inactive"])).code).toBe(0);
    expect(await store.getUser("alice")).toEqual({ id: "alice", role: "editor", active: false });
  });

  it("sets, shows and switches off the public role", async () => {
    await seed();
    expect((await cli(["public-role", "set", "publik"])).stderr).toContain('unknown role "publik"');
    expect((await cli(["public-role", "set", "public"])).code).toBe(0);
    expect((await cli(["public-role", "show"])).stdout).toBe("public\n");
    expect((await cli(["check", "none", "content/posts/read"])).stdout).toContain(
      'allowed: content/posts/read for the public role "public" (no key) — rule "content/posts/read" of role "public" allows it',
    );
    expect((await cli(["public-role", "set", "none"])).code).toBe(0);
    expect(JSON.parse((await cli(["public-role", "show", "--json"])).stdout)).toEqual({ role: null });
    const denied = await cli(["check", "none", "content/posts/read"]);
    expect(denied).toMatchObject({
      code: 1,
      stdout: "denied: content/posts/read — no key was given and no public role is set\n",
    });
  });

  it("removes a user and revokes the user's keys", async () => {
    const key = await seed();
    const outcome = await cli(["users", "remove", "alice"]);
    expect(outcome.stdout).toBe('Removed user "alice" and revoked 1 key\n');
    expect((await cli(["check", "-", "content/posts/read"], { readStdin: async () => key })).code).toBe(1);
    expect((await cli(["users", "remove", "alice"])).code).toBe(1);
  });
});

describe("keys", () => {
  it("prints a created key once, with a warning, and never again", async () => {
    const outcome = await cli(["roles", "save", "editor", "--permission", "a/b"]).then(() =>
      cli(["users", "save", "alice", "--role", "editor"]).then(() =>
        cli(["keys", "create", "--user", "alice"]),
      ),
    );
    expect(outcome.code).toBe(0);
    const key = keyOf(outcome);
    expect(key.startsWith("USR-")).toBe(true);
    expect(outcome.stderr).toContain("shown once and will not be shown again");
    const list = await cli(["keys", "list"]);
    const json = await cli(["keys", "list", "--json"]);
    for (const output of [list.stdout, json.stdout]) {
      expect(output).not.toContain(key);
      expect(output).toContain(key.slice(0, 12));
    }
    expect(list.stdout).toMatch(/^ID\s+START\s+OWNER\s+NAME\s+STATUS\s+EXPIRES\s+LAST USED\n/);
    expect(list.stdout).toContain("user alice");
  });

  it("never prints a key passed where the permission belongs", async () => {
    const key = await seed();
    for (const argv of [
      ["check", "none", key],
      ["--json", "check", "none", key],
    ]) {
      const outcome = await cli(argv);
      expect(outcome.stdout + outcome.stderr).not.toContain(key.slice(4, 16));
    }
  });

  it("checks a key read from stdin and explains the rule, exit 0 allowed and 1 denied", async () => {
    const key = await seed();
    const readStdin = async () => `${key}\n`;
    const allowed = await cli(["check", "-", "content/posts/read"], { readStdin });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(
      /^allowed: content\/posts\/read for user "alice" with role "editor" \(key [0-9a-f-]{36}\) — rule "content\/\*\/read" of role "editor" allows it\n$/,
    );
    const denied = await cli(["check", "-", "content/secret/read"], { readStdin });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain('denied: content/secret/read for user "alice"');
    expect(denied.stdout).toContain('rule "!content/secret/read" of role "editor" denies it');
    const json = JSON.parse(
      (await cli(["check", "-", "content/posts/update", "--json"], { readStdin })).stdout,
    );
    expect(json).toMatchObject({
      allowed: false,
      permission: "content/posts/update",
      by: "no-match",
      principal: { kind: "user", userId: "alice" },
    });
    for (const outcome of [allowed, denied]) expect(outcome.stdout + outcome.stderr).not.toContain(key);
  });

  it("refreshes a key: the new one works, the old one is denied as invalid", async () => {
    const oldKey = await seed();
    const id = JSON.parse((await cli(["keys", "list", "--json"])).stdout).keys[0].id;
    const refreshed = await cli(["keys", "refresh", id]);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toContain("shown once");
    const newKey = keyOf(refreshed);
    expect(newKey).not.toBe(oldKey);
    expect((await cli(["check", newKey, "content/posts/read"])).code).toBe(0);
    const old = await cli(["check", oldKey, "content/posts/read"]);
    expect(old).toMatchObject({
      code: 1,
      stdout: "denied: content/posts/read — the key is not valid (malformed, unknown, revoked or expired)\n",
    });
  });

  it("revokes a key and lists it as revoked", async () => {
    const key = await seed();
    const id = JSON.parse((await cli(["keys", "list", "--json"])).stdout).keys[0].id;
    expect((await cli(["keys", "revoke", id])).stdout).toMatch(
      /^Revoked key .+ \(USR-[0-9a-f]{8}…, user alice\)\n$/,
    );
    expect((await cli(["keys", "list"])).stdout).toContain("revoked");
    expect((await cli(["check", key, "content/posts/read"])).code).toBe(1);
    expect((await cli(["keys", "refresh", id])).code).toBe(1);
  });

  it("creates app keys with a scope and an expiry from --expires-in", async () => {
    await seed();
    const outcome = await cli([
      "keys",
      "create",
      "--role",
      "editor",
      "--expires-in",
      "30d",
      "--permission",
      "content/posts/*",
      "--json",
    ]);
    const { key, record } = JSON.parse(outcome.stdout);
    expect(key).toMatch(/^API-[0-9a-f]{40}$/);
    expect(record).toMatchObject({
      kind: "app",
      role: "editor",
      permissions: ["content/posts/*"],
      expiresAt: "2026-01-31T00:00:00.000Z",
    });
    const scoped = await cli(["check", key, "content/pages/read"]);
    expect(scoped.stdout).toContain("the role allows it but the key's scope does not include it");
  });

  it("refuses a key pasted where an id belongs without echoing it", async () => {
    const key = await seed();
    for (const command of ["revoke", "refresh"]) {
      const outcome = await cli(["keys", command, key]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain("that argument is a key, not a key id");
      expect(outcome.stderr + outcome.stdout).not.toContain(key);
    }
    const typo = await cli([key]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).not.toContain(key.slice(4));
  });

  it.each(["x", "_", "1", "a:", '"', ""])(
    "never prints the hex of a key pasted with %j before it, nor of a bare secret",
    async (before) => {
      const key = await seed();
      const pasted = before === "" ? key.slice(4) : `${before}${key}`;
      for (const argv of [
        ["keys", "revoke", pasted],
        ["keys", "refresh", pasted],
        ["users", "show", pasted],
        // A bare 40-hex string is a valid (if odd) user id; with a key's prefix it is refused.
        ...(before === "" ? [] : [["users", "save", pasted, "--role", "editor"]]),
        ["keys", "create", "--user", pasted],
        ["keys", "create", "--role", pasted],
        ["roles", "show", pasted],
        ["public-role", "set", pasted],
      ]) {
        const outcome = await cli(argv);
        expect(outcome.code, argv.join(" ")).not.toBe(0);
        expect(outcome.stderr + outcome.stdout, argv.join(" ")).not.toContain(key.slice(4, 17));
      }
    },
  );
});

describe("keys with --if-match", () => {
  const recordOf = async (id: string) =>
    JSON.parse((await cli(["keys", "show", id, "--json"])).stdout) as { id: string; etag: string };

  it("shows a record with its etag, and lists records with theirs", async () => {
    const key = await seed();
    const [listed] = JSON.parse((await cli(["keys", "list", "--json"])).stdout).keys;
    expect(listed.etag).toMatch(/^"[0-9a-f]{16}"$/);
    const shown = await cli(["keys", "show", listed.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`ETAG       ${listed.etag}\n`);
    expect(shown.stdout).toMatch(/^ID\s+[0-9a-f-]{36}\nSTART\s+USR-[0-9a-f]{8}…\n/);
    expect(shown.stdout).toContain("STATUS     active\n");
    expect(shown.stdout + shown.stderr).not.toContain(key);
    expect(await recordOf(listed.id)).toEqual(listed);
    expect((await cli(["keys", "show", "nope"])).code).toBe(1);
  });

  it("refreshes only the version named; a stale etag exits 1 with a clear message and changes nothing", async () => {
    await seed();
    const { id, etag } = JSON.parse((await cli(["keys", "list", "--json"])).stdout).keys[0];
    // As a shell passes --if-match "3f2a…": without the quotes.
    const refreshed = await cli(["keys", "refresh", id, "--if-match", etag.slice(1, -1)]);
    expect(refreshed.code).toBe(0);
    const newKey = keyOf(refreshed);
    const stale = await cli(["keys", "refresh", id, "--if-match", etag]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toContain(`error: key "${id}" was refreshed or revoked since that etag was read`);
    expect(stale.stderr).toContain(`hint: read its current state and etag with "keyward keys show ${id}"`);
    expect(stale.stderr).not.toMatch(/\n\s+at /);
    expect((await cli(["check", newKey, "content/posts/read"])).code).toBe(0);
    expect((await recordOf(id)).etag).not.toBe(etag);
  });

  it("revokes only the version named", async () => {
    const key = await seed();
    const { id, etag } = JSON.parse((await cli(["keys", "list", "--json"])).stdout).keys[0];
    expect((await cli(["keys", "revoke", id, "--if-match", '"0000000000000000"'])).code).toBe(1);
    expect((await cli(["check", key, "content/posts/read"])).code).toBe(0);
    expect((await cli(["keys", "revoke", id, "--if-match", etag])).code).toBe(0);
    expect((await cli(["check", key, "content/posts/read"])).code).toBe(1);
  });
});

describe("usage and failures", () => {
  it("answers usage errors with exit code 2", async () => {
    expect((await cli(["nope"])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli(["keys", "create"])).stderr).toContain("pass exactly one of --user <id>");
    expect((await cli(["keys", "create", "--user", "a", "--role", "b"])).code).toBe(2);
    const duration = await cli(["keys", "create", "--user", "alice", "--expires-in", "soon"]);
    expect(duration).toMatchObject({ code: 2 });
    expect(duration.stderr).toContain("hint: write a positive number and a unit");
    const badStore = await cli(["roles", "list", "--store", "mysql://x"]);
    expect(badStore.code).toBe(2);
    expect(badStore.stderr).toContain("unsupported store (mysql)");
    expect((await cli(["roles", "save", "bad id!"])).code).toBe(2);
    expect((await cli(["--help"])).code).toBe(0);
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("opens the store only for commands, creates files only for migrate, and always closes it", async () => {
    await cli(["roles", "list"]);
    expect(opened).toEqual({ create: false, closed: 1 });
    await cli(["migrate"]);
    expect(opened).toEqual({ create: true, closed: 2 });
    await cli(["users", "save", "x", "--role", "ghost"]);
    expect(opened.closed).toBe(3);
  });

  it("reports a failing store as unavailable (exit 3), without a stack trace or the key", async () => {
    const key = await seed();
    const failing = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    store = new Proxy(memoryStore(), {
      get: (target, name) =>
        name === "findKeyByHash" || name === "lookupKey" || name === "listRoles"
          ? () => Promise.reject(failing)
          : Reflect.get(target, name),
    });
    for (const argv of [
      ["check", key, "content/posts/read"],
      ["roles", "list"],
    ]) {
      const outcome = await cli(argv);
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toContain(
        "error: the store memory is unavailable: connect ECONNREFUSED 127.0.0.1:5432",
      );
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
      expect(outcome.stdout + outcome.stderr).not.toContain(key);
    }
  });
});
