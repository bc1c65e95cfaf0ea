import { ApiError, type ManagementClient } from "./api/client";

/** Which parts of the management API the signed-in key may use. */
export interface Capabilities {
  /** `keyward/keys/manage`: keys of every user and app. */
  readonly keys: boolean;
  /** `keyward/roles/manage`: the role editor. */
  readonly roles: boolean;
  /** `keyward/users/manage`: users. */
  readonly users: boolean;
  /** `keyward/settings/manage`: the public role. */
  readonly settings: boolean;
}

/** The outcome of checking a key at sign-in. */
export type Probe =
  | { readonly ok: true; readonly can: Capabilities }
  | { readonly ok: false; readonly error: string };

/**
 * Finds out what a key may manage from `GET /me`, which reports each management permission the
 * key's own role and scope grant; the server stays the judge of every change anyway. A 401 means the
 * key is not accepted at all.
 * @param client - the client with the key to check
 */
export async function probeCapabilities(client: ManagementClient): Promise<Probe> {
  try {
    const { manages } = await client.me();
    return {
      ok: true,
      can: {
        keys: manages["keyward/keys/manage"] === true,
        roles: manages["keyward/roles/manage"] === true,
        users: manages["keyward/users/manage"] === true,
        settings: manages["keyward/settings/manage"] === true,
      },
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return {
        ok: false,
        error: "This key was not accepted: it is unknown, revoked, expired, or its user is inactive.",
      };
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
