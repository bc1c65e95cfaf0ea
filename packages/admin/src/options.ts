/** Options of the console's mount functions and of {@link createConsoleHandler}. */
export interface ConsoleOptions {
  /**
   * Where the management API is mounted on the same origin, as a path: e.g. `"/api/keyward"` for
   * `app.use("/api/keyward", managementRouter(keyward))`. The console's Content-Security-Policy
   * lets it call its own origin only, so this is a path, never a URL of another site.
   */
  readonly apiBase: string;
  /**
   * The `superRole` given to `createKeyward` (default `"admin"`). Only the playground's permission
   * check reads it, to explain a decision the way the server makes it.
   */
  readonly superRole?: string;
  /** The `publicInherits` given to `createKeyward` (default `false`); read as `superRole` is. */
  readonly publicInherits?: boolean;
}

/** What the console reads from `config.json` when it starts: {@link ConsoleOptions}, checked and filled in. */
export interface ConsoleConfig {
  /** The management API's path, without a trailing slash (`""` when it is mounted at the root). */
  readonly apiBase: string;
  /** {@link ConsoleOptions.superRole}, `"admin"` when not given. */
  readonly superRole: string;
  /** {@link ConsoleOptions.publicInherits}, `false` when not given. */
  readonly publicInherits: boolean;
}

// A same-origin path: one leading slash (two would be a URL of another host), no backslash (some
// browsers read it as a slash), nothing a URL would escape or split on.
const API_PATH = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * Checks the options at mount time, so a typo fails when the app starts rather than in the browser.
 * @param options - what the app passed
 * @param caller - the mount function's name, for the message
 * @throws TypeError naming the option that is wrong
 */
export function consoleConfig(options: ConsoleOptions, caller: string): ConsoleConfig {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${caller}: pass options, e.g. { apiBase: "/api/keyward" }`);
  }
  const { apiBase, superRole = "admin", publicInherits = false } = options;
  if (typeof apiBase !== "string" || !API_PATH.test(apiBase)) {
    throw new TypeError(
      `${caller}: apiBase must be the path of the management API on this origin, e.g. "/api/keyward"`,
    );
  }
  if (typeof superRole !== "string" || superRole === "") {
    throw new TypeError(`${caller}: superRole must be a non-empty string (createKeyward's superRole)`);
  }
  if (typeof publicInherits !== "boolean") {
    throw new TypeError(`${caller}: publicInherits must be true or false (createKeyward's publicInherits)`);
  }
  // One trailing slash or none name the same mount point: the console appends "/keys" and so on,
  // so a management API mounted at the root is "".
  return { apiBase: apiBase.replace(/\/+$/, ""), superRole, publicInherits };
}
