// Starts and stops a real PgBouncer for the tests and the benchmarks: a process of its own on a
// spare port of 127.0.0.1, configured in a temporary directory, in front of one database of a
// PostgreSQL server. Not part of the published package (package.json leaves src/test-support out).
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** How to configure the PgBouncer started by {@link startPgBouncer}. */
export interface PgBouncerOptions {
  /**
   * The database to put PgBouncer in front of, as a URL. Its user must log in without a password,
   * or with the one in the URL.
   */
  readonly serverUrl: string;
  /** `pool_mode`. Default: `"transaction"`. */
  readonly poolMode?: "transaction" | "session";
  /**
   * `default_pool_size`: server connections per database and user. Default: 2, so that clients
   * share server connections and state left in a session shows up in the next client's statements.
   */
  readonly poolSize?: number;
  /** `max_client_conn`. Default: 400. */
  readonly maxClients?: number;
}

/** A PgBouncer process started by {@link startPgBouncer}. */
export interface PgBouncer {
  /** The database through PgBouncer: the server URL's user and database, PgBouncer's port. */
  readonly url: string;
  /** PgBouncer's admin console (`SHOW POOLS`, …) as the same user. */
  readonly adminUrl: string;
  readonly port: number;
  /** Kills the process (SIGKILL: every client connection drops at once, as in a crash). */
  stop(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, as a hung pooler. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
  /** Whether the process runs (started and not stopped; a paused one counts as running). */
  running(): boolean;
  /** Starts it again on the same port and configuration; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its directory. Safe to call more than once. */
  close(): Promise<void>;
  /** The last lines it logged, for failure messages. */
  log(): string;
}

/** How long to wait for PgBouncer to start answering, even on a loaded machine. */
const START_TIMEOUT_MS = 20_000;
const LOG_LINES = 200;

/** The `pgbouncer` executable: on `PATH`, or where Debian and others install it; `undefined` if absent. */
export function findPgBouncer(): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/sbin",
    "/usr/local/bin",
  ];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, "pgbouncer");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A TCP port of 127.0.0.1 nothing listens on right now. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Creates database `name` on the server of `adminUrl` unless it exists (another test process may be
 * creating it at the same moment), and returns `adminUrl` with `name` as its database.
 * @param adminUrl - a URL of the server whose user may create databases
 * @param name - the database, lowercase letters, digits and `_`
 */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) {
      // 42P04: created meanwhile; 23505: two CREATE DATABASE raced on the catalog's unique index.
      await admin.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function config(server: URL, port: number, dir: string, options: PgBouncerOptions): string {
  const database = decodeURIComponent(server.pathname.slice(1)) || "postgres";
  const user = decodeURIComponent(server.username) || "postgres";
  const password = decodeURIComponent(server.password);
  const target = [
    `host=${server.hostname || "127.0.0.1"}`,
    `port=${server.port || "5432"}`,
    `dbname=${database}`,
    ...(password === "" ? [] : [`user=${user}`, `password=${password}`]),
  ].join(" ");
  return [
    "[databases]",
    `${database} = ${target}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    // TCP only: no socket file to clean up, and none shared with another PgBouncer.
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${join(dir, "userlist.txt")}`,
    `admin_users = ${user}`,
    `pool_mode = ${options.poolMode ?? "transaction"}`,
    `default_pool_size = ${options.poolSize ?? 2}`,
    `max_client_conn = ${options.maxClients ?? 400}`,
    // Tests open hundreds of short-lived connections; errors are still logged.
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
}

/**
 * Starts PgBouncer in front of `options.serverUrl`'s database and resolves once a statement went
 * through it. Logs go to memory ({@link PgBouncer.log}), nothing to disk but its two config files.
 * PgBouncer refuses to run as root: run as root, it is told to switch to user `nobody` (`-u`).
 * The process is killed when this process exits, should {@link PgBouncer.close} never be called.
 * @param options - the server and the pool settings
 * @example
 * ```ts
 * const bouncer = await startPgBouncer({ serverUrl: await ensureDatabase(PG_URL, "keyward_pgbouncer_test") });
 * try {
 *   const pool = new pg.Pool({ connectionString: bouncer.url });
 * } finally {
 *   await bouncer.close();
 * }
 * ```
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  if (binary === undefined) throw new Error("pgbouncer is not installed (apt-get install pgbouncer)");
  const server = new URL(options.serverUrl);
  const dir = mkdtempSync(join(tmpdir(), "keyward-pgbouncer-"));
  // Readable by the user PgBouncer switches to.
  chmodSync(dir, 0o755);
  const user = decodeURIComponent(server.username) || "postgres";
  writeFileSync(join(dir, "userlist.txt"), `"${user}" ""\n`, { mode: 0o644 });
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let port = 0;
  const url = new URL(server);
  const killNow = () => child?.kill("SIGKILL");

  const launch = async (): Promise<void> => {
    const ini = join(dir, "pgbouncer.ini");
    writeFileSync(ini, config(server, port, dir, options), { mode: 0o644 });
    const asRoot = process.getuid?.() === 0;
    const started = spawn(binary, [...(asRoot ? ["-u", "nobody"] : []), ini], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    const exited = new Promise<never>((_, reject) => {
      started.once("exit", (code, signal) =>
        reject(new Error(`pgbouncer exited (${signal ?? code}) while starting:\n${lines.join("\n")}`)),
      );
      started.once("error", reject);
    });
    exited.catch(() => {});
    // "process up" is logged once it listens: from then on it accepts connections.
    const up = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line === "") continue;
          lines.push(line);
          if (lines.length > LOG_LINES) lines.shift();
          if (line.includes("process up")) resolve();
        }
      };
      started.stdout?.on("data", onData);
      started.stderr?.on("data", onData);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`pgbouncer did not start within ${START_TIMEOUT_MS} ms:\n${lines.join("\n")}`)),
        START_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([up, exited, late]);
      // Through PgBouncer to the server once, so a wrong [databases] line fails here, not in a test.
      const client = new pg.Client({ connectionString: url.toString() });
      client.on("error", () => {});
      await Promise.race([client.connect().then(() => client.query("SELECT 1")), exited, late]).finally(() =>
        client.end().catch(() => {}),
      );
    } catch (error) {
      started.kill("SIGKILL");
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGKILL");
    await gone;
  };

  process.once("exit", killNow);
  try {
    // A spare port may be taken between finding it and binding it: try another.
    for (let attempt = 1; ; attempt++) {
      port = await sparePort();
      url.port = String(port);
      try {
        await launch();
        break;
      } catch (error) {
        if (attempt >= 3 || !lines.some((line) => line.includes("Address already in use"))) throw error;
      }
    }
  } catch (error) {
    process.off("exit", killNow);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const admin = new URL(url);
  admin.pathname = "/pgbouncer";
  let closed = false;
  return {
    url: url.toString(),
    adminUrl: admin.toString(),
    port,
    stop,
    pause: () => {
      child?.kill("SIGSTOP");
    },
    resume: () => {
      child?.kill("SIGCONT");
    },
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      if (closed) throw new Error("this PgBouncer was closed");
      await stop();
      await launch();
    },
    async close() {
      if (closed) return;
      closed = true;
      await stop();
      process.off("exit", killNow);
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => lines.join("\n"),
  };
}
