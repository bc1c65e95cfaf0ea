import { isKeywardError, KeywardError } from "@keyward/core";
import type { Command } from "commander";
import type { CommandContext } from "../context";
import { toJson } from "../output";

/**
 * `keyward migrate`: creates or upgrades the store's schema. Idempotent.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerMigrate(program: Command, ctx: CommandContext): void {
  program
    .command("migrate")
    .description("create or upgrade the store's schema (safe to run again)")
    .action(async () => {
      await ctx.withKeyward(true, async (keyward) => {
        try {
          await keyward.store.migrate();
        } catch (error) {
          // migrate() is the one store call core does not wrap: report a driver failure the same way.
          if (isKeywardError(error)) throw error;
          throw new KeywardError("STORE_UNAVAILABLE", "migrate failed", { cause: error });
        }
        if (ctx.json()) return ctx.io.stdout(toJson({ migrated: true }));
        ctx.io.stdout("Store is migrated and ready\n");
      });
    });
}
