import type { Command } from "commander";
import type { CommandContext } from "../context";
import { requireRole } from "../lookup";
import { table, toJson } from "../output";
import { collect } from "./options";

/**
 * `keyward roles save|list|remove`.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerRoles(program: Command, ctx: CommandContext): void {
  const roles = program.command("roles").description("create, list and remove roles");

  roles
    .command("save <appid>")
    .description("create or replace a role (unset options keep the role's current values)")
    .option("--name <name>", "display name (default: the current name, or the appid)")
    .option(
      "--permission <pattern>",
      "a permission pattern; repeat for more (* one segment, ** the rest, ! deny)",
      collect,
      [],
    )
    .action(async (appid: string, options: { name?: string; permission: string[] }) => {
      await ctx.withKeyward(false, async (keyward) => {
        const current = await keyward.roles.get(appid);
        const saved = await keyward.roles.save({
          appid,
          name: options.name ?? current?.name ?? appid,
          permissions: options.permission.length > 0 ? options.permission : (current?.permissions ?? []),
        });
        if (ctx.json()) return ctx.io.stdout(toJson(saved));
        ctx.io.stdout(`${current === null ? "Created" : "Updated"} role "${saved.appid}"\n`);
        ctx.io.stdout(
          table(["APPID", "NAME", "PERMISSIONS"], [[saved.appid, saved.name, saved.permissions.join(" ")]]),
        );
      });
    });

  roles
    .command("list")
    .description("list roles; the public role is marked")
    .action(async () => {
      await ctx.withKeyward(false, async (keyward) => {
        const list = await keyward.roles.list();
        const publicRole = await keyward.settings.getPublicRole();
        if (ctx.json()) return ctx.io.stdout(toJson({ roles: list, publicRole }));
        if (list.length === 0)
          return ctx.io.stdout("No roles yet. Create one: keyward roles save <appid> --permission …\n");
        const rows = list.map((role) => [
          role.appid,
          role.name,
          role.appid === publicRole ? "yes" : "",
          role.permissions.join(" ") || "-",
        ]);
        ctx.io.stdout(table(["APPID", "NAME", "PUBLIC", "PERMISSIONS"], rows));
        if (!list.some((role) => role.appid === keyward.superRole)) {
          ctx.io.stdout(`(the super role "${keyward.superRole}" needs no entry: it may do everything)\n`);
        }
      });
    });

  roles
    .command("remove <appid>")
    .description("remove a role; users and app keys holding it can then do nothing")
    .action(async (appid: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        await requireRole(keyward, appid);
        await keyward.roles.remove(appid);
        if (ctx.json()) return ctx.io.stdout(toJson({ removed: appid }));
        ctx.io.stdout(`Removed role "${appid}"\n`);
      });
    });
}
