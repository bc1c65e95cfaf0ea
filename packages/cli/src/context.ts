import type { Keyward } from "@keyward/core";
import type { CliIo } from "./output";

/** What every command handler gets: output, the `--json` switch and access to the store. */
export interface CommandContext {
  readonly io: CliIo;
  /** Whether `--json` was given: results are then JSON on stdout, for scripts. */
  json(): boolean;
  /**
   * Opens the store named by `--store` / `KEYWARD_STORE`, runs `fn` with a keyward instance over it
   * and closes the store, whatever happens.
   * @param create - whether a missing SQLite file may be created (only `migrate`)
   */
  withKeyward<T>(create: boolean, fn: (keyward: Keyward) => Promise<T>): Promise<T>;
  /** The clock, for `--expires-in` and key status. */
  now(): Date;
  /** Reads standard input to its end, for `check -`. */
  readStdin(): Promise<string>;
  /** Sets the exit code of this run (0 unless a command says otherwise). */
  setExitCode(code: number): void;
}
