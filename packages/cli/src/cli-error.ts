import { isKeywardError } from "@keyward/core";

/**
 * Exit codes of the `keyward` command. Scripts branch on these, so they are part of the contract.
 * - `ok` 0: done, or `check` allowed.
 * - `denied` 1: `check` denied, or the key, role or user named does not exist or cannot change
 *   (including a stale `--if-match`).
 * - `usage` 2: the command line or an argument is wrong.
 * - `unavailable` 3: the store could not be reached or failed; nothing is known about the answer.
 */
export const EXIT = { ok: 0, denied: 1, usage: 2, unavailable: 3 } as const;

/** One of the values of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An expected failure of a command: printed as `error: <message>` (and `hint: <hint>`), never with a
 * stack trace. Messages name the problem and the fix, and never contain key material.
 */
export class CliError extends Error {
  /**
   * @param message - what went wrong, naming the object at fault
   * @param exitCode - the process exit code
   * @param hint - how to fix it, when the message alone does not say
   */
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Turns anything a command threw into a {@link CliError}. `KeywardError` codes map onto exit codes;
 * anything else is unexpected and reported by its message only.
 * @param error - what was caught
 * @param storeLabel - the store, with any password redacted, for STORE_UNAVAILABLE messages
 */
export function toCliError(error: unknown, storeLabel: string): CliError {
  if (error instanceof CliError) return error;
  if (isKeywardError(error)) {
    switch (error.code) {
      case "NOT_FOUND":
      case "CONFLICT":
      case "PRECONDITION_FAILED":
        return new CliError(error.message, EXIT.denied);
      case "INVALID_ARGUMENT":
        return new CliError(error.message, EXIT.usage);
      case "STORE_UNAVAILABLE":
        return storeUnavailable(storeLabel, error.cause ?? error);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`unexpected failure: ${oneLine(message)}`, EXIT.unavailable);
}

/**
 * The error for a store that could not be opened or failed while answering.
 * @param storeLabel - the store, with any password redacted
 * @param cause - the driver's error; only its message is shown
 */
export function storeUnavailable(storeLabel: string, cause: unknown): CliError {
  const detail = cause instanceof Error ? oneLine(cause.message) : "";
  return new CliError(
    `the store ${storeLabel} is unavailable${detail ? `: ${detail}` : ""}`,
    EXIT.unavailable,
    'check --store / KEYWARD_STORE, and run "keyward migrate" once for a new database',
  );
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
