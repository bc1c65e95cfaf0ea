import { createKeyward, memoryStore } from "@keyward/core";
import { createManagementHandler } from "@keyward/core/adapter";
import { afterEach, beforeEach } from "vitest";
import { type Exchange, observeExchanges } from "./client";
import { type ContractCheck, type ContractDocument, createContractCheck } from "./openapi-contract";

/** Where the app of the HTTP table mounts the management API. */
export const MANAGEMENT_MOUNT = "/api/keyward";

let served: Promise<string> | undefined;

/**
 * The body of core's `GET /openapi.json` answer: the management API's OpenAPI document exactly as
 * the API serves it, read from core's handler (no adapter in between), once per process.
 */
export function managementDocumentText(): Promise<string> {
  served ??= (async () => {
    const keyward = createKeyward({ store: memoryStore() });
    await keyward.users.save({ id: "reader", role: "admin", active: true });
    const result = await keyward.authenticate((await keyward.keys.create({ userId: "reader" })).key);
    if (!result.ok) throw new Error("conformance: could not authenticate to read the OpenAPI document");
    const answer = await createManagementHandler(keyward).handle({
      method: "GET",
      path: "/openapi.json",
      principal: result.principal,
    });
    if (answer.status !== 200 || answer.body === undefined) {
      throw new Error(`conformance: GET /openapi.json answered ${answer.status}`);
    }
    return answer.body;
  })();
  return served;
}

let check: Promise<ContractCheck> | undefined;

/** The contract check of the management API mounted at {@link MANAGEMENT_MOUNT}, built once. */
export function managementContractCheck(): Promise<ContractCheck> {
  check ??= managementDocumentText().then((text) =>
    createContractCheck(JSON.parse(text) as ContractDocument, MANAGEMENT_MOUNT),
  );
  return check;
}

/**
 * Holds every management answer of each test in the enclosing `describe` to the API's OpenAPI
 * document: the exchanges the test makes are recorded, and after it they are checked; a mismatch
 * fails the test with every difference listed. Call inside a `describe`.
 */
export function checkManagementContract(): void {
  let recorded: Exchange[] = [];
  let stop: (() => void) | undefined;
  beforeEach(() => {
    recorded = [];
    stop = observeExchanges((exchange) => recorded.push(exchange));
  });
  afterEach(async () => {
    stop?.();
    stop = undefined;
    const exchanges = recorded;
    recorded = [];
    const checkExchange = await managementContractCheck();
    const problems = exchanges.flatMap((exchange) => checkExchange(exchange));
    if (problems.length > 0) {
      throw new Error(`management answers differ from the OpenAPI document:\n- ${problems.join("\n- ")}`);
    }
  });
}
