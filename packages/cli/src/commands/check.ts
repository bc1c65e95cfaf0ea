import type { AuthFailureReason, Explanation, Keyward, Principal } from "@keyward/core";
import { redactKeys } from "@keyward/core";
import type { Command } from "commander";
import { CliError, EXIT } from "../cli-error";
import type { CommandContext } from "../context";
import { toJson } from "../output";

const FAILURES: Record<AuthFailureReason, string> = {
  missing: "no key was given and no public role is set",
  invalid: "the key is not valid (malformed, unknown, revoked or expired)",
  inactive: "the key's owner is inactive",
};

function who(principal: Principal): string {
  if (principal.kind === "public") return `the public role "${principal.role ?? "?"}" (no key)`;
  const role = `role "${principal.role ?? "?"}"`;
  return principal.kind === "user"
    ? `user "${principal.userId ?? "?"}" with ${role} (key ${principal.keyId ?? "?"})`
    : `app key ${principal.keyId ?? "?"} with ${role}`;
}

async function why(keyward: Keyward, principal: Principal, explanation: Explanation): Promise<string> {
  const role = `"${principal.role ?? "?"}"`;
  const rule = explanation.pattern === undefined ? "" : ` "${explanation.pattern}"`;
  switch (explanation.by) {
    case "superRole":
      return `role ${role} is the super role`;
    case "pattern":
      return `rule${rule} of role ${role} allows it`;
    case "deny":
      return `rule${rule} of role ${role} denies it`;
    case "scope":
      return explanation.pattern === undefined
        ? "the role allows it but the key's scope does not include it"
        : `the role allows it but the key's scope denies it with${rule}`;
    case "no-match":
      if (principal.role !== null && (await keyward.roles.get(principal.role)) === null) {
        return `role ${role} does not exist, so it grants nothing`;
      }
      return `no rule of role ${role} matches it`;
  }
}

/**
 * `keyward check <key> <permission>`: whether a key (or no key) may do something, and why.
 * @param program - the root command
 * @param ctx - the command context
 */
export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command("check <key> <permission>")
    .description(
      'tell whether a key may do something, and which rule decides; "-" reads the key from stdin, "none" checks the public role',
    )
    .action(async (keyArg: string, permission: string) => {
      // A key on the command line lands in shell history and `ps`: "-" keeps it out of both.
      const key = keyArg === "-" ? (await ctx.readStdin()).trim() : keyArg === "none" ? null : keyArg;
      if (key === "")
        throw new CliError(
          "no key on standard input",
          EXIT.usage,
          'pipe the key in, or pass "none" to check the public role',
        );
      if (permission.trim() === "")
        throw new CliError("the permission is empty", EXIT.usage, "e.g. keyward check - content/posts/read");
      // The permission is echoed in the verdict: never echo a key pasted in its place.
      const shown = redactKeys(permission);
      await ctx.withKeyward(false, async (keyward) => {
        const result = await keyward.authenticate(key);
        if (!result.ok) {
          ctx.setExitCode(EXIT.denied);
          if (ctx.json())
            return ctx.io.stdout(toJson({ allowed: false, permission: shown, reason: result.reason }));
          return ctx.io.stdout(`denied: ${shown} — ${FAILURES[result.reason]}\n`);
        }
        const { principal } = result;
        const explanation = principal.explain(permission);
        ctx.setExitCode(explanation.allowed ? EXIT.ok : EXIT.denied);
        if (ctx.json()) return ctx.io.stdout(toJson({ permission: shown, ...explanation, principal }));
        const verdict = explanation.allowed ? "allowed" : "denied";
        ctx.io.stdout(
          `${verdict}: ${shown} for ${who(principal)} — ${await why(keyward, principal, explanation)}\n`,
        );
      });
    });
}
