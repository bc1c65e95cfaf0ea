import { isAbsolute, resolve } from "node:path";
import { CliError, EXIT } from "./cli-error";

/** The default store: a SQLite file in the working directory. */
export const DEFAULT_STORE = "sqlite:./keyward.db";

/** A parsed `--store` value. */
export type StoreSpec =
  | { readonly kind: "sqlite"; readonly path: string; readonly label: string }
  | {
      readonly kind: "postgres";
      /** The URL handed to `pg`, without keyward's own `schema` parameter. */
      readonly url: string;
      /** Schema for keyward's tables, from `?schema=`; `null` for the store's default. */
      readonly schema: string | null;
      readonly label: string;
    }
  | {
      readonly kind: "redis";
      /** The URL handed to `redis`, without keyward's own `prefix` parameter. */
      readonly url: string;
      /** Key prefix, from `?prefix=`; `null` for the store's default. */
      readonly prefix: string | null;
      readonly label: string;
    };

/**
 * Hides the password of a URL, so that store URLs can appear in messages.
 * @param url - a store URL
 */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== "") copy.password = "***";
  // libpq-style URLs may carry the password as a parameter too.
  for (const name of ["password", "pass", "sslpassword"]) {
    if (copy.searchParams.has(name)) copy.searchParams.set(name, "***");
  }
  return copy.href;
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    // Everything between the scheme and the last "@" may be a password, even one holding "/".
    throw usage(
      `--store "${raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[\s\S]*@/i, "$1***@")}" is not a valid URL`,
    );
  }
}

function usage(message: string): CliError {
  return new CliError(
    message,
    EXIT.usage,
    "use sqlite:./path.db, postgres://user@host/db[?schema=name] or redis://host:6379[?prefix=name:]",
  );
}

/** Takes keyward's own query parameter off a driver URL, so the driver never sees it. */
function takeParam(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  url.searchParams.delete(name);
  return value === null || value === "" ? null : value;
}

/**
 * Parses a `--store` value: `sqlite:<path>` (relative to `cwd`), `postgres://…` or `postgresql://…`
 * (optional `?schema=`), `redis://…` or `rediss://…` (optional `?prefix=`).
 * @param raw - the value of `--store` or `KEYWARD_STORE`
 * @param cwd - the directory relative SQLite paths are resolved against
 * @example
 * ```ts
 * parseStoreUrl("sqlite:./keyward.db", process.cwd()); // { kind: "sqlite", path: "/…/keyward.db", … }
 * ```
 */
export function parseStoreUrl(raw: string, cwd: string): StoreSpec {
  if (raw.startsWith("sqlite:")) {
    const rest = raw.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (rest === "") throw usage("--store sqlite: needs a file path, e.g. sqlite:./keyward.db");
    const path = isAbsolute(rest) ? rest : resolve(cwd, rest);
    return { kind: "sqlite", path, label: `sqlite:${rest}` };
  }
  const url = parseUrl(raw);
  if (url.protocol === "postgres:" || url.protocol === "postgresql:") {
    const schema = takeParam(url, "schema");
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw usage(`schema "${schema}" must be letters, digits and _ (at most 63), not starting with a digit`);
    }
    return { kind: "postgres", url: url.href, schema, label: redactUrl(url) };
  }
  if (url.protocol === "redis:" || url.protocol === "rediss:") {
    const prefix = takeParam(url, "prefix");
    return { kind: "redis", url: url.href, prefix, label: redactUrl(url) };
  }
  throw usage(`--store "${redactUrl(url)}" names an unsupported store (${url.protocol.replace(/:$/, "")})`);
}
