import type { Command } from "commander";
import type { CommandContext } from "../context";
import { requireRole } from "../lookup";
import { toJson } from "../output";

/**
 * `keyward public-role set|show`.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerPublicRole(program: Command, ctx: CommandContext): void {
  const publicRole = program
    .command("public-role")
    .description("the role that requests without a key act with");

  publicRole
    .command("set <appid>")
    .description('set the public role, or "none" to refuse requests without a key')
    .action(async (appid: string) => {
      await ctx.withKeyward(false, async (keyward) => {
        const role = appid === "none" ? null : appid;
        if (role !== null) await requireRole(keyward, role);
        await keyward.settings.setPublicRole(role);
        if (ctx.json()) return ctx.io.stdout(toJson({ role }));
        ctx.io.stdout(
          role === null
            ? "Public access is off: requests without a key get 401\n"
            : `Public role is "${role}": requests without a key act with its permissions\n`,
        );
      });
    });

  publicRole
    .command("show")
    .description("show the public role")
    .action(async () => {
      await ctx.withKeyward(false, async (keyward) => {
        const role = await keyward.settings.getPublicRole();
        if (ctx.json()) return ctx.io.stdout(toJson({ role }));
        ctx.io.stdout(role === null ? "none (requests without a key get 401)\n" : `${role}\n`);
      });
    });
}
