import type { Keyward } from "@keyward/core";

/** Options the suite passes to the adapter's `apiKeyAuth`. */
export interface HttpAuthOptions {
  readonly allowQueryKey?: boolean;
  readonly optional?: boolean;
}

/** A listening server started by the adapter's test. */
export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a REAL listening server (on 127.0.0.1, port 0) whose app is:
 *
 * - `apiKeyAuth(keyward, options)` mounted on `/api`;
 * - `GET /api/posts` guarded by `requirePermission("content/posts/read")`;
 * - `POST /api/posts` guarded by `requirePermission("content/posts/create")`;
 * - `GET /api/items/:model` guarded by `requirePermission((req) => \`content/${model}/read\`)`;
 * - `GET /api/all` guarded by `requirePermission({ all: ["content/posts/read", "content/posts/create"] })`;
 * - `GET /api/any` guarded by `requirePermission({ any: ["content/posts/create", "content/pages/read"] })`;
 * - `GET /api/open` without a guard;
 * - the management API mounted on `/api/keyward`.
 *
 * Every guarded or open route answers 200 with the JSON `{ "auth": <principal or null> }`
 * (`JSON.stringify` of the principal gives `{ kind, userId, keyId, role }`).
 */
export type StartServer = (keyward: Keyward, options: HttpAuthOptions) => Promise<RunningServer>;
