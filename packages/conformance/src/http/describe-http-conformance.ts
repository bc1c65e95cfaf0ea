import { describe } from "vitest";
import type { StartServer } from "./app-contract";
import { describeAuthTable } from "./auth-cases";
import { describeCredentialRule } from "./credential-rule-cases";
import { describeManagementTable } from "./management-cases";
import { checkManagementContract } from "./management-contract";

/**
 * Registers the HTTP table (docs/http.md) against a real listening server, so that every adapter is
 * held to the same statuses, headers and body bytes: no key with and without a public role, every
 * kind of bad key (byte-identical 401s), user, app, admin and scoped keys, conflicting credentials
 * (on the wire, via a raw socket), query keys on and off, keys sent where keyward does not read
 * them, permission names built from the request that are not names, failing and hanging stores,
 * and the management API flows. Every answer under the management mount is also held to the API's
 * OpenAPI document (status, body schema, headers).
 *
 * @param name - shown in the report, e.g. `"express 5"`
 * @param startServer - starts the app described in {@link StartServer} and returns its URL
 * @example
 * ```ts
 * describeHttpConformance("express 5", async (keyward, options) => {
 *   const app = express();
 *   app.use("/api", apiKeyAuth(keyward, options));
 *   // … the routes listed in StartServer …
 *   const server = app.listen(0, "127.0.0.1");
 *   await once(server, "listening");
 *   return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
 * });
 * ```
 */
export function describeHttpConformance(name: string, startServer: StartServer): void {
  describe(`${name}: HTTP conformance`, () => {
    checkManagementContract();
    describeAuthTable(startServer);
    describeCredentialRule(startServer);
    describeManagementTable(startServer);
  });
}
