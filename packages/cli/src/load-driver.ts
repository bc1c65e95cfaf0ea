import { CliError, EXIT } from "./cli-error";

/**
 * Loads a store package or its driver, which the CLI does not install by itself (a SQLite user
 * needs neither pg nor redis). A missing one is reported with the command that installs what the
 * chosen store needs.
 * @param name - the package loaded
 * @param needs - every package the chosen store needs, for the install command
 * @param load - the dynamic import
 */
export async function loadDriver<T>(
  name: string,
  needs: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new CliError(
        `${name} is not installed`,
        EXIT.usage,
        `install it: npm install ${needs.join(" ")}`,
      );
    }
    throw error;
  }
}

/** What the SQLite store needs installed. */
export const SQLITE = ["@keyward/sqlite", "better-sqlite3"] as const;
/** What the PostgreSQL store needs installed. */
export const POSTGRES = ["@keyward/postgres", "pg"] as const;
/** What the Redis store needs installed. */
export const REDIS = ["@keyward/redis", "redis"] as const;
