import { type IssuedKey, isKeywardError, type KeyRecord } from "@keyward/core";
import type { Command } from "commander";
import { CliError, EXIT } from "../cli-error";
import type { CommandContext } from "../context";
import { parseDuration } from "../duration";
import { requireKeyId, requireRole, requireUser } from "../lookup";
import { formatDate, table, toJson } from "../output";
import { collect } from "./options";

interface CreateOptions {
  user?: string;
  role?: string;
  name?: string;
  expiresIn?: string;
  permission: string[];
}

function owner(record: KeyRecord): string {
  return record.kind === "user" ? `user ${record.userId ?? "?"}` : `role ${record.role ?? "?"}`;
}

function status(record: KeyRecord, now: Date): string {
  if (record.revokedAt !== null) return "revoked";
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/**
 * `--if-match` as core takes it: the etag as records carry it, quotes included. The shell usually
 * eats the quotes of `--if-match "3f2a…"`, so a bare 16-hex tag gets them back.
 */
function ifMatchOf(value: string | undefined): { ifMatch?: string } {
  if (value === undefined) return {};
  const tag = value.trim();
  return { ifMatch: /^[0-9a-f]{16}$/.test(tag) ? `"${tag}"` : tag };
}

/** Runs a change made conditional by `--if-match`, turning a stale etag into a clear refusal. */
async function unlessChanged<T>(id: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!isKeywardError(error, "PRECONDITION_FAILED")) throw error;
    throw new CliError(
      `key "${id}" was refreshed or revoked since that etag was read; nothing was changed`,
      EXIT.denied,
      `read its current state and etag with "keyward keys show ${id}", then decide again`,
    );
  }
}

/** Prints one record, field by field, its etag included. */
function printRecord(ctx: CommandContext, record: KeyRecord): void {
  const fields: Array<[string, string]> = [
    ["ID", record.id],
    ["START", `${record.start}…`],
    ["OWNER", owner(record)],
    ["NAME", record.name ?? "-"],
    ["SCOPE", record.permissions?.join(" ") ?? "-"],
    ["STATUS", status(record, ctx.now())],
    ["EXPIRES", formatDate(record.expiresAt)],
    ["CREATED", formatDate(record.createdAt)],
    ["LAST USED", formatDate(record.lastUsedAt)],
    ["REVOKED", formatDate(record.revokedAt)],
    ["ETAG", record.etag],
  ];
  const clean = (text: string) => text.replace(/\p{Cc}/gu, "?");
  for (const [name, value] of fields) ctx.io.stdout(`${name.padEnd(10)} ${clean(value)}\n`);
}

/** Prints a freshly issued key: the one place the CLI ever prints key material. */
function printIssued(ctx: CommandContext, verb: string, issued: IssuedKey): void {
  const { key, record } = issued;
  if (ctx.json()) ctx.io.stdout(toJson({ key, record }));
  else {
    ctx.io.stdout(`${verb} ${record.kind} key for ${owner(record)}\n`);
    ctx.io.stdout(
      table(
        ["ID", "NAME", "SCOPE", "EXPIRES", "ETAG"],
        [
          [
            record.id,
            record.name ?? "-",
            record.permissions?.join(" ") ?? "-",
            formatDate(record.expiresAt),
            record.etag,
          ],
        ],
      ),
    );
    ctx.io.stdout(`\n${key}\n\n`);
  }
  ctx.io.stderr(
    "warning: this key is shown once and will not be shown again; keyward keeps only its hash.\n",
  );
}

/**
 * `keyward keys create|refresh|revoke|show|list`.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerKeys(program: Command, ctx: CommandContext): void {
  const keys = program.command("keys").description("issue, refresh, revoke and list API keys");

  keys
    .command("create")
    .description("issue a key for a user (USR-…) or an app key with its own role (API-…)")
    .option("--user <id>", "owner of a user key; it acts with the user's role")
    .option("--role <appid>", "role of an app key")
    .option("--name <name>", "a label, e.g. the service using the key")
    .option("--expires-in <duration>", "the key stops working after this long: 90s, 15m, 12h, 30d, 2w")
    .option("--permission <pattern>", "narrow the key to this pattern; repeat for more", collect, [])
    .action(async (options: CreateOptions) => {
      if ((options.user === undefined) === (options.role === undefined)) {
        throw new CliError(
          "pass exactly one of --user <id> (a user key) or --role <appid> (an app key)",
          EXIT.usage,
        );
      }
      const expiresInMs = options.expiresIn === undefined ? null : parseDuration(options.expiresIn);
      await ctx.withKeyward(false, async (keyward) => {
        if (options.user !== undefined) await requireUser(keyward, options.user);
        if (options.role !== undefined) await requireRole(keyward, options.role);
        const issued = await keyward.keys.create({
          ...(options.user === undefined ? {} : { userId: options.user }),
          ...(options.role === undefined ? {} : { role: options.role }),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(expiresInMs === null ? {} : { expiresAt: new Date(ctx.now().getTime() + expiresInMs) }),
          ...(options.permission.length === 0 ? {} : { permissions: options.permission }),
        });
        printIssued(ctx, "Created", issued);
      });
    });

  keys
    .command("refresh <id>")
    .description("issue a new secret for a key; the old one stops working at once")
    .option(
      "--if-match <etag>",
      "only if the key is still at this version (its etag from keys show/list); without it the last refresh wins",
    )
    .action(async (id: string, options: { ifMatch?: string }) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireKeyId(keyward, id);
        const issued = await unlessChanged(id, () => keyward.keys.refresh(id, ifMatchOf(options.ifMatch)));
        printIssued(ctx, "Refreshed", issued);
      });
    });

  keys
    .command("revoke <id>")
    .description("revoke a key for good")
    .option("--if-match <etag>", "only if the key is still at this version (its etag from keys show/list)")
    .action(async (id: string, options: { ifMatch?: string }) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireKeyId(keyward, id);
        const record = await unlessChanged(id, () => keyward.keys.revoke(id, ifMatchOf(options.ifMatch)));
        if (ctx.json()) return ctx.io.stdout(toJson(record));
        ctx.io.stdout(`Revoked key ${record.id} (${record.start}…, ${owner(record)})\n`);
      });
    });

  keys
    .command("show <id>")
    .description("show one key's record and its etag (never the key)")
    .action(async (id: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireKeyId(keyward, id);
        const record = await keyward.keys.get(id);
        // Revoked keys stay listed; only a key deleted from the store in between is missing here.
        if (record === null) throw new CliError(`unknown key id "${id}"`, EXIT.denied);
        if (ctx.json()) return ctx.io.stdout(toJson(record));
        printRecord(ctx, record);
      });
    });

  keys
    .command("list")
    .description("list keys (ids and display hints only, never the keys)")
    .option("--user <id>", "only the keys of this user")
    .option("--role <appid>", "only the app keys with this role")
    .action(async (options: { user?: string; role?: string }) => {
      await ctx.withKeyward(false, async (keyward) => {
        const list = await keyward.keys.list({
          ...(options.user === undefined ? {} : { userId: options.user }),
          ...(options.role === undefined ? {} : { role: options.role }),
        });
        if (ctx.json()) return ctx.io.stdout(toJson({ keys: list }));
        if (list.length === 0) return ctx.io.stdout("No keys. Issue one: keyward keys create --user <id>\n");
        const now = ctx.now();
        const rows = list.map((record) => [
          record.id,
          `${record.start}…`,
          owner(record),
          record.name ?? "-",
          status(record, now),
          formatDate(record.expiresAt),
          formatDate(record.lastUsedAt),
        ]);
        ctx.io.stdout(table(["ID", "START", "OWNER", "NAME", "STATUS", "EXPIRES", "LAST USED"], rows));
      });
    });
}
