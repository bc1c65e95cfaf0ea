import { isKeywardError, type Keyward } from "@keyward/core";
import type { MiddlewareHandler } from "hono";

/** Bindings the seeding reads. */
export interface SeedBindings {
  /** An `API-` + 40 hex key with the admin role, for the management API. Keep it a secret. */
  ADMIN_KEY?: string;
  /** `"true"` lets requests without a key read posts and menus (the public role). */
  PUBLIC_READS?: string;
}

/** The roles the routes are written for, created when missing. */
const ROLES = [
  { appid: "editor", name: "Editor", permissions: ["content/posts/*", "pages/*/read"] },
  { appid: "public", name: "Public API", permissions: ["content/posts/read", "pages/menus/read"] },
];

const MISSING_TABLES =
  "keyward's tables are missing from the D1 database bound as DB: apply the migrations first, " +
  "`pnpm exec wrangler d1 migrations apply DB --local` (or --remote for the deployed database)";

/**
 * Brings D1 to what the example needs. Every step is idempotent and several isolates may run it at
 * once: roles are only added (edits made through the management API are kept), the public role
 * follows `PUBLIC_READS`, and the `ADMIN_KEY` secret is imported unless its hash is already stored.
 * So a new secret (`wrangler secret put ADMIN_KEY`) works from the next isolate on, while the old
 * key stays valid until revoked; a revoked secret stays revoked.
 * @param keyward - the instance on D1
 * @param env - the Worker's bindings
 */
export async function seed(keyward: Keyward, env: SeedBindings): Promise<void> {
  for (const role of ROLES) {
    if ((await keyward.roles.get(role.appid)) === null) await keyward.roles.save(role);
  }
  const publicRole = env.PUBLIC_READS === "true" ? "public" : null;
  if ((await keyward.settings.getPublicRole()) !== publicRole)
    await keyward.settings.setPublicRole(publicRole);
  if (typeof env.ADMIN_KEY !== "string" || env.ADMIN_KEY === "") return;
  try {
    await keyward.keys.import({ key: env.ADMIN_KEY, role: "admin", name: "ADMIN_KEY secret" });
  } catch (error) {
    // CONFLICT: this key is stored already (imported by an earlier isolate, perhaps revoked since).
    if (!isKeywardError(error) || error.code !== "CONFLICT") throw error;
  }
}

/**
 * Runs {@link seed} once per isolate, before the isolate's first request is handled: workerd
 * allows no I/O at module scope. A failed seed is retried on the next request rather than cached.
 * @param keyward - the instance on D1
 */
export function seedOnce(keyward: Keyward): MiddlewareHandler<{ Bindings: SeedBindings }> {
  let seeded: Promise<void> | undefined;
  return async function seedOnce(c, next) {
    if (seeded === undefined) {
      seeded = seed(keyward, c.env).catch((error: unknown) => {
        seeded = undefined;
        const cause = isKeywardError(error) ? error.cause : undefined;
        // The usual first-run mistake gets a message that says what to do (Hono logs it; the client
        // gets a 500).
        throw /no such table/.test(String((cause as Error | undefined)?.message))
          ? new Error(MISSING_TABLES, { cause: error })
          : error;
      });
      // Other requests of the isolate wait for this one: it must finish even if the client that
      // started it hangs up, or they would wait for a seed workerd cancelled.
      c.executionCtx.waitUntil(seeded.catch(() => {}));
    }
    await seeded;
    await next();
  };
}
