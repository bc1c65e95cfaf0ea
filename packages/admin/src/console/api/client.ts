import type { Caller, IssuedKey, KeyRecord, NewKey, Role, User } from "./types";

/** A refusal or failure of the management API, with the message it gave. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const seg = (value: string): string => encodeURIComponent(value);

function messageOf(status: number, body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === "string" && error !== "") return error;
  return status === 0 ? "The server could not be reached" : `The server answered ${status}`;
}

/**
 * The management API, over fetch, with the signed-in key in the `api-key` header. Every call
 * bypasses caches and sends no cookie and no referrer: the key in the header is the only credential.
 */
export class ManagementClient {
  /**
   * @param apiBase - the management API's path on this origin
   * @param key - the signed-in management key
   * @param onUnauthorized - called on a 401: the key was refreshed, revoked or expired meanwhile
   */
  constructor(
    private readonly apiBase: string,
    private readonly key: string,
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  /**
   * One call. Resolves to the parsed body (or `null` for 204); rejects with an {@link ApiError}.
   * @param method - HTTP method
   * @param path - path below the API's base, segments already encoded
   * @param options - JSON body, `If-Match`
   */
  async call<T>(
    method: string,
    path: string,
    options: { body?: unknown; ifMatch?: string } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { "api-key": this.key, accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch;
    let response: Response;
    try {
      response = await fetch(`${this.apiBase}${path}`, {
        method,
        headers,
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch {
      throw new ApiError(0, messageOf(0, null));
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw new ApiError(response.status, messageOf(response.status, body));
    return body as T;
  }

  /** Who the signed-in key is and which management permissions its own role and scope grant. */
  me(): Promise<Caller> {
    return this.call("GET", "/me");
  }
  listKeys(filter: { userId?: string } = {}): Promise<readonly KeyRecord[]> {
    const query = filter.userId === undefined ? "" : `?userId=${seg(filter.userId)}`;
    return this.call<{ keys: KeyRecord[] }>("GET", `/keys${query}`).then((answer) => answer.keys);
  }
  createKey(input: NewKey): Promise<IssuedKey> {
    return this.call("POST", "/keys", { body: input });
  }
  refreshKey(record: KeyRecord): Promise<IssuedKey> {
    return this.call("POST", `/keys/${seg(record.id)}/refresh`, { ifMatch: record.etag });
  }
  revokeKey(record: KeyRecord): Promise<null> {
    return this.call("DELETE", `/keys/${seg(record.id)}`, { ifMatch: record.etag });
  }
  /** Refreshes the signed-in key itself; the caller must switch to the new key at once. */
  refreshOwnKey(): Promise<IssuedKey> {
    return this.call("POST", "/me/keys/refresh");
  }
  listRoles(): Promise<readonly Role[]> {
    return this.call<{ roles: Role[] }>("GET", "/roles").then((answer) => answer.roles);
  }
  saveRole(role: Role): Promise<Role> {
    return this.call("PUT", `/roles/${seg(role.appid)}`, {
      body: { name: role.name, permissions: role.permissions },
    });
  }
  deleteRole(appid: string): Promise<null> {
    return this.call("DELETE", `/roles/${seg(appid)}`);
  }
  listUsers(): Promise<readonly User[]> {
    return this.call<{ users: User[] }>("GET", "/users").then((answer) => answer.users);
  }
  getUser(id: string): Promise<User> {
    return this.call("GET", `/users/${seg(id)}`);
  }
  saveUser(user: User): Promise<User> {
    return this.call("PUT", `/users/${seg(user.id)}`, { body: { role: user.role, active: user.active } });
  }
  deleteUser(id: string): Promise<null> {
    return this.call("DELETE", `/users/${seg(id)}`);
  }
  getPublicRole(): Promise<string | null> {
    return this.call<{ role: string | null }>("GET", "/settings/public-role").then((answer) => answer.role);
  }
  setPublicRole(role: string | null): Promise<string | null> {
    return this.call<{ role: string | null }>("PUT", "/settings/public-role", { body: { role } }).then(
      (answer) => answer.role,
    );
  }
}
