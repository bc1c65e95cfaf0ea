import { createKeyward, type Keyward, type KeywardStore, redactKeys } from "@keyward/core";
import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { CliError, EXIT, toCliError } from "./cli-error";
import { registerCheck } from "./commands/check";
import { registerKeys } from "./commands/keys";
import { registerMigrate } from "./commands/migrate";
import { registerPublicRole } from "./commands/public-role";
import { registerRoles } from "./commands/roles";
import { registerUsers } from "./commands/users";
import type { CommandContext } from "./context";
import { type OpenedStore, type OpenStoreOptions, openStore } from "./open-store";
import type { CliIo } from "./output";
import { DEFAULT_STORE, parseStoreUrl, type StoreSpec } from "./store-url";

/** Options of {@link runCli}. Every one defaults to the real process; tests replace them. */
export interface RunCliOptions {
  /** Environment: `KEYWARD_STORE`, `KEYWARD_PEPPER`, `KEYWARD_SUPER_ROLE`. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative SQLite paths are resolved against. Default: `process.cwd()`. */
  readonly cwd?: string;
  readonly io?: CliIo;
  /** Reads standard input to its end (for `check -`). */
  readonly readStdin?: () => Promise<string>;
  /** Opens the store a `--store` value names. Default: a real connection; tests inject a memory store. */
  readonly openStore?: (spec: StoreSpec, options: OpenStoreOptions) => Promise<OpenedStore>;
  /** The clock. Default: `() => new Date()`. */
  readonly now?: () => Date;
}

async function readProcessStdin(): Promise<string> {
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The instance a command works with, configured from the environment like the app it manages. */
function keywardOver(store: KeywardStore, env: RunCliOptions["env"], now: () => Date): Keyward {
  return createKeyward({
    store,
    now,
    // An operator's command may wait on a remote database longer than a request should.
    storeTimeoutMs: 10_000,
    ...(env?.KEYWARD_PEPPER ? { pepper: env.KEYWARD_PEPPER } : {}),
    ...(env?.KEYWARD_SUPER_ROLE ? { superRole: env.KEYWARD_SUPER_ROLE } : {}),
  });
}

/**
 * Runs the `keyward` command with the given arguments and resolves to its exit code. Never throws
 * and never calls `process.exit`, so it can run in process (tests) as well as from the binary.
 *
 * @param argv - the arguments after the program name, e.g. `["roles", "list", "--json"]`
 * @param options - environment, output and store overrides
 * @example
 * ```ts
 * import { runCli } from "@keyward/cli";
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const rawIo = options.io ?? processIo;
  // Nothing but the freshly issued key (on stdout) may carry key material; stderr is redacted.
  const io: CliIo = { stdout: rawIo.stdout, stderr: (text) => rawIo.stderr(redactKeys(text)) };
  const now = options.now ?? (() => new Date());
  const open = options.openStore ?? openStore;
  let exitCode: number = EXIT.ok;
  let storeLabel = "(not opened)";

  const program = new Command("keyward")
    .description("Manage keyward API keys, roles, users and the public role.")
    .option(
      "--store <url>",
      `sqlite:./file.db, postgres://… or redis://… (env KEYWARD_STORE, default ${DEFAULT_STORE})`,
    )
    .option("--json", "print results as JSON, for scripts")
    .version(packageJson.version, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  const ctx: CommandContext = {
    io,
    json: () => program.opts<{ json?: boolean }>().json === true,
    now,
    readStdin: options.readStdin ?? readProcessStdin,
    setExitCode: (code) => {
      exitCode = code;
    },
    withKeyward: async (create, fn) => {
      const raw = program.opts<{ store?: string }>().store ?? env.KEYWARD_STORE ?? DEFAULT_STORE;
      const spec = parseStoreUrl(raw, cwd);
      storeLabel = spec.label;
      const opened = await open(spec, { create, warn: (message) => io.stderr(`warning: ${message}\n`) });
      storeLabel = opened.label;
      try {
        return await fn(keywardOver(opened.store, env, now));
      } finally {
        await opened.close().catch(() => {});
      }
    },
  };

  // Subcommands copy the exit override and output routing when created, so usage errors come back here.
  registerMigrate(program, ctx);
  registerRoles(program, ctx);
  registerUsers(program, ctx);
  registerKeys(program, ctx);
  registerPublicRole(program, ctx);
  registerCheck(program, ctx);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything commander rejects is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure = toCliError(error, storeLabel);
    io.stderr(`error: ${failure.message}\n`);
    if (failure.hint !== undefined) io.stderr(`hint: ${failure.hint}\n`);
    if (env.KEYWARD_DEBUG === "1" && !(error instanceof CliError) && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return failure.exitCode;
  }
}
