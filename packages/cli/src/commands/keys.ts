import type { IssuedKey, KeyRecord } from "@keyward/core";
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

/** Prints a freshly issued key: the one place the CLI ever prints key material. */
function printIssued(ctx: CommandContext, verb: string, issued: IssuedKey): void {
  const { key, record } = issued;
  if (ctx.json()) ctx.io.stdout(toJson({ key, record }));
  else {
    ctx.io.stdout(`${verb} ${record.kind} key for ${owner(record)}\n`);
    ctx.io.stdout(
      table(
        ["ID", "NAME", "SCOPE", "EXPIRES"],
        [[record.id, record.name ?? "-", record.permissions?.join(" ") ?? "-", formatDate(record.expiresAt)]],
      ),
    );
    ctx.io.stdout(`\n${key}\n\n`);
  }
  ctx.io.stderr(
    "warning: this key is shown once and will not be shown again; keyward keeps only its hash.\n",
  );
}

/**
 * `keyward keys create|refresh|revoke|list`.
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
    .action(async (id: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireKeyId(keyward, id);
        printIssued(ctx, "Refreshed", await keyward.keys.refresh(id));
      });
    });

  keys
    .command("revoke <id>")
    .description("revoke a key for good")
    .action(async (id: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireKeyId(keyward, id);
        const record = await keyward.keys.revoke(id);
        if (ctx.json()) return ctx.io.stdout(toJson(record));
        ctx.io.stdout(`Revoked key ${record.id} (${record.start}…, ${owner(record)})\n`);
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
