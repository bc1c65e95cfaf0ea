import { quoteInput } from "@keyward/core/adapter";
import type { Command } from "commander";
import { CliError, EXIT } from "../cli-error";
import type { CommandContext } from "../context";
import { requireRole, requireUser } from "../lookup";
import { table, toJson } from "../output";

/**
 * `keyward users save|list|remove`.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerUsers(program: Command, ctx: CommandContext): void {
  const users = program.command("users").description("create, list and remove users");

  users
    .command("save <id>")
    .description("create or replace a user; saving without --inactive makes the user active")
    .option("--role <appid>", "the user's role (required for a new user; default: the current role)")
    .option("--inactive", "the user's keys stop authenticating until the user is saved again without it")
    .action(async (id: string, options: { role?: string; inactive?: boolean }) => {
      await ctx.withKeyward(false, async (keyward) => {
        const current = await keyward.users.get(id);
        const role = options.role ?? current?.role;
        if (role === undefined) {
          throw new CliError(
            `user ${quoteInput(id)} is new: --role is required`,
            EXIT.usage,
            "keyward users save <id> --role <appid>",
          );
        }
        await requireRole(keyward, role);
        const saved = await keyward.users.save({ id, role, active: options.inactive !== true });
        if (ctx.json()) return ctx.io.stdout(toJson(saved));
        ctx.io.stdout(`${current === null ? "Created" : "Updated"} user "${saved.id}"\n`);
        ctx.io.stdout(table(["ID", "ROLE", "ACTIVE"], [[saved.id, saved.role, saved.active ? "yes" : "no"]]));
      });
    });

  users
    .command("list")
    .description("list users")
    .action(async () => {
      await ctx.withKeyward(false, async (keyward) => {
        const list = await keyward.users.list();
        if (ctx.json()) return ctx.io.stdout(toJson({ users: list }));
        if (list.length === 0)
          return ctx.io.stdout("No users yet. Create one: keyward users save <id> --role <appid>\n");
        ctx.io.stdout(
          table(
            ["ID", "ROLE", "ACTIVE"],
            list.map((user) => [user.id, user.role, user.active ? "yes" : "no"]),
          ),
        );
      });
    });

  users
    .command("remove <id>")
    .description("remove a user and revoke all of the user's keys")
    .action(async (id: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireUser(keyward, id);
        const live = (await keyward.keys.list({ userId: id })).filter((key) => key.revokedAt === null);
        await keyward.users.remove(id);
        if (ctx.json()) return ctx.io.stdout(toJson({ removed: id, revokedKeys: live.map((key) => key.id) }));
        ctx.io.stdout(`Removed user "${id}" and revoked ${live.length} key${live.length === 1 ? "" : "s"}\n`);
      });
    });
}
