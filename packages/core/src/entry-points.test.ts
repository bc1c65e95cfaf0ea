import { describe, expect, it } from "vitest";
import * as adapter from "./adapter";
import * as root from "./index";

// The API reports (etc/*.api.md) pin the types; this pins what each entry point holds at run time,
// so that adapter plumbing cannot drift back into the app-facing root.
describe("entry points", () => {
  it("the root holds only what an app uses", () => {
    expect(Object.keys(root).sort()).toEqual([
      "KeywardError",
      "MANAGEMENT_API_VERSION",
      "createKeyward",
      "isKeywardError",
      "isPermissionName",
      "managementOpenApiDocument",
      "managementOpenApiJson",
      "memoryBus",
      "memoryStore",
      "redactKeys",
      "validatePermissionPatterns",
    ]);
  });

  it("the adapter subpath holds the building blocks, none of the app API", () => {
    for (const name of Object.keys(root)) expect(Object.keys(adapter)).not.toContain(name);
    for (const name of [
      "resolveRequestAuth",
      "authenticateAwaitable",
      "assertKeyward",
      "credentialsFromRawHeaders",
      "createManagementHandler",
      "toKeyRecord",
      "generateKey",
    ]) {
      expect(Object.keys(adapter)).toContain(name);
    }
  });
});
