import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeywardError } from "../../../errors";
import { createKeyward } from "../../../keyward";
import { memoryStore } from "../../../memory-store";
import { parsePattern, validatePermissionPatterns } from "../../../permissions/syntax";
import { requireId, requireName } from "../../../validate";
import { requireIsoDate } from "../body";
import { createManagementHandler } from "../handler";
import { ROUTES } from "../routes";
import { managementOpenApiDocument } from "./openapi-document";
import type { Operation, Parameter, Reference } from "./types";

const document = managementOpenApiDocument();
const DOCUMENT_ID = "https://keyward.invalid/openapi.json";

// Strict: a keyword JSON Schema 2020-12 does not know (a typo, or an OpenAPI-only `example`) fails.
// Not `strictRequired`: "exactly one of userId or role" is a `oneOf` of bare `required` lists.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv);
for (const field of Object.keys(document)) ajv.addKeyword(field);
ajv.addSchema(structuredClone(document) as object, DOCUMENT_ID);

const pointer = (...parts: string[]) =>
  `${DOCUMENT_ID}#/${parts.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
const validatorOf = (...parts: string[]) => {
  const validate = ajv.getSchema(pointer(...parts));
  if (validate === undefined) throw new Error(`no schema at ${parts.join("/")}`);
  return validate;
};
const schemaAccepts = (name: string, value: unknown): boolean =>
  validatorOf("components", "schemas", name)(value) === true;
const accepts = (check: () => unknown): boolean => {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof KeywardError && error.code === "INVALID_ARGUMENT") return false;
    throw error;
  }
};

const pathOf = (segments: readonly string[]) =>
  `/${segments.map((s) => (s.startsWith(":") ? `{${s.slice(1)}}` : s)).join("/")}`;

function resolve(ref: string): unknown {
  let node: unknown = document;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = (node as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node;
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe("managementOpenApiDocument", () => {
  it("is a valid OpenAPI 3.1 document for a maintained validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe("3.1");
  });

  it("every $ref points at something, and every schema compiles as strict JSON Schema 2020-12", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
    for (const name of Object.keys(document.components.schemas)) validatorOf("components", "schemas", name);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item) as [string, Operation][]) {
        if (method === "parameters") continue;
        for (const [status, answer] of Object.entries(op.responses)) {
          if ("content" in answer && answer.content !== undefined) {
            validatorOf("paths", path, method, "responses", status, "content", "application/json", "schema");
          }
        }
      }
    }
  });

  it("describes every route and method of the API, with the permission each needs, and nothing else", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== "parameters")
        .map(([method, op]) => [
          `${method.toUpperCase()} ${path}`,
          (op as Operation)["x-keyward-permission"],
        ]),
    );
    const served = ROUTES.flatMap((route) =>
      Object.entries(route.methods).map(([method, spec]) => [
        `${method} ${pathOf(route.segments)}`,
        spec.permission,
      ]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(served));
    expect(documented).toHaveLength(served.length);
  });

  it("documents If-Match exactly where the API compares versions, and ETag on answers with one record", () => {
    for (const route of ROUTES) {
      const item = document.paths[pathOf(route.segments)]!;
      const names = (item.parameters ?? []).map((p) => (resolve((p as Reference).$ref) as Parameter).name);
      for (const [method, spec] of Object.entries(route.methods)) {
        expect(names.includes("If-Match"), `${method} ${pathOf(route.segments)}`).toBe(
          spec.versioned === true,
        );
      }
    }
    const etagged = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        Object.entries((op as Operation).responses ?? {})
          .filter(([, answer]) => "headers" in answer && answer.headers?.ETag !== undefined)
          .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    expect(etagged.sort()).toEqual(
      [
        "GET /keys/{id} 200",
        "POST /keys 201",
        "POST /keys/{id}/refresh 200",
        "POST /me/keys/refresh 200",
      ].sort(),
    );
  });

  it("names the mount point given, and refuses a server URL that is not a string", () => {
    expect(document.servers).toEqual([{ url: ".", description: expect.any(String) }]);
    const absolute = managementOpenApiDocument({ serverUrl: "https://api.example.com/api/keyward" });
    expect(absolute.servers[0]?.url).toBe("https://api.example.com/api/keyward");
    expect(() => managementOpenApiDocument({ serverUrl: 42 as never })).toThrow(TypeError);
  });
});

describe("the document's field schemas agree with the validators of the API", () => {
  const unit = (chars: string) => fc.constantFrom(...chars.split(""));

  it.each([
    "alice",
    "a",
    "_x",
    "a".repeat(128),
    "a".repeat(129),
    "",
    ".a",
    "-a",
    "a b",
    "a/b",
    "user@example.com",
    "usr-0123abcd",
    "xAPI-DEADBEEFx",
    "API-0123abc",
  ])("Id: %j", (value) => {
    expect(schemaAccepts("Id", value)).toBe(accepts(() => requireId("id", value)));
  });

  it("Id, on generated strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: unit("aZ09_.:@+-/ %USRPIusrpi"), maxLength: 140 }), (value) => {
        expect(schemaAccepts("Id", value)).toBe(accepts(() => requireId("id", value)));
      }),
      { numRuns: 500 },
    );
  });

  it("Name, on generated strings (control characters, white space, lengths around 200)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: unit("ab é\t\u0000\u001f\u007f\u00a0\u2028\ufeff"), maxLength: 205 }),
        (value) => {
          expect(schemaAccepts("Name", value)).toBe(accepts(() => requireName("name", value)));
        },
      ),
      { numRuns: 500 },
    );
    for (const value of ["x".repeat(200), "x".repeat(201), " ", ""]) {
      expect(schemaAccepts("Name", value), value).toBe(accepts(() => requireName("name", value)));
    }
  });

  it("PermissionPattern, on generated strings and at its limits", () => {
    const agrees = (value: string) => {
      expect(schemaAccepts("PermissionPattern", value), value).toBe(typeof parsePattern(value) !== "string");
    };
    fc.assert(fc.property(fc.string({ unit: unit("ab*/!.:-_% "), maxLength: 30 }), agrees), {
      numRuns: 2000,
    });
    for (const value of [
      "content/posts/read",
      "!content/**",
      "**",
      "*/*",
      "a/**/b",
      "a/./b",
      "a/../b",
      "a/.../b",
      "a/..",
      ".",
      "!",
      "a*",
      `${"a/".repeat(15)}a`,
      `${"a/".repeat(16)}a`,
      "a".repeat(256),
      "a".repeat(257),
      `!${"a".repeat(255)}`,
    ]) {
      agrees(value);
    }
  });

  it("PermissionList: the count of patterns and of wildcards", () => {
    const agrees = (list: string[]) => {
      expect(schemaAccepts("PermissionList", list)).toBe(accepts(() => validatePermissionPatterns(list)));
    };
    const exact = (n: number) => Array.from({ length: n }, (_, i) => `p/${i}`);
    const wild = (n: number) => Array.from({ length: n }, (_, i) => `w/${i}/*`);
    for (const list of [[], exact(1000), exact(1001), wild(64), wild(65), [...exact(900), ...wild(64)]]) {
      agrees(list);
    }
  });

  it.each([
    "2030-01-01T00:00:00Z",
    "2030-01-01T00:00Z",
    "2030-01-01T00:00:00.123456789+02:00",
    "2030-01-01T00:00:00.1234567890Z",
    "2030-01-01",
    "2030-01-01T00:00:00",
    "2030-01-01 00:00:00Z",
    "soon",
  ])("DateTimeInput: %j", (value) => {
    expect(schemaAccepts("DateTimeInput", value)).toBe(accepts(() => requireIsoDate("expiresAt", value)));
  });
});

describe("a request body the document accepts is one the API accepts, and the other way round", () => {
  const wildcards = Array.from({ length: 65 }, (_, i) => `w/${i}/*`);
  it.each([
    ["POST", "/keys", { userId: "alice" }],
    ["POST", "/keys", { role: "editor", name: "ci" }],
    ["POST", "/keys", { userId: "alice", name: null, expiresAt: null, permissions: null }],
    ["POST", "/keys", { userId: "alice", expiresAt: "2031-01-01T00:00:00Z", permissions: ["posts/read"] }],
    ["POST", "/keys", { userId: "alice", role: "editor" }],
    ["POST", "/keys", {}],
    ["POST", "/keys", []],
    ["POST", "/keys", { userid: "alice" }],
    ["POST", "/keys", { userId: null }],
    ["POST", "/keys", { userId: "alice", name: "" }],
    ["POST", "/keys", { userId: "alice", expiresAt: "2031-01-01" }],
    ["POST", "/keys", { userId: "alice", permissions: ["posts/**/read"] }],
    ["POST", "/keys", { userId: "alice", permissions: wildcards }],
    ["PUT", "/roles/writer", { name: "Writer", permissions: [] }],
    ["PUT", "/roles/writer", { appid: "writer", name: "Writer", permissions: ["content/*"] }],
    ["PUT", "/roles/writer", { name: "Writer" }],
    ["PUT", "/roles/writer", { name: " ", permissions: [] }],
    ["PUT", "/roles/writer", { name: "Writer", permissions: ["!"] }],
    ["PUT", "/roles/writer", { name: "Writer", permissions: "all" }],
    ["PUT", "/users/bob", { role: "editor" }],
    ["PUT", "/users/bob", { id: "bob", role: "editor", active: false }],
    ["PUT", "/users/bob", { role: "editor", active: "yes" }],
    ["PUT", "/users/bob", { active: true }],
    ["PUT", "/users/bob", { role: "editor", email: "b@example.com" }],
    ["PUT", "/settings/public-role", { role: "public" }],
    ["PUT", "/settings/public-role", { role: null }],
    ["PUT", "/settings/public-role", {}],
    ["PUT", "/settings/public-role", { role: 5 }],
  ] as const)("%s %s %j", async (method, path, body) => {
    const keyward = createKeyward({ store: memoryStore(), now: () => new Date("2030-01-01T00:00:00Z") });
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["posts/read"] });
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["posts/read"] });
    await keyward.users.save({ id: "root", role: "admin", active: true });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const auth = await keyward.authenticate((await keyward.keys.create({ userId: "root" })).key);
    if (!auth.ok) throw new Error("no admin");
    const answer = await createManagementHandler(keyward).handle({
      method,
      path,
      body,
      principal: auth.principal,
    });
    const template = path.startsWith("/roles/")
      ? "/roles/{appid}"
      : path.startsWith("/users/")
        ? "/users/{id}"
        : path;
    const documented = validatorOf(
      "paths",
      template,
      method.toLowerCase(),
      "requestBody",
      "content",
      "application/json",
      "schema",
    )(body);
    expect({ documented, status: answer.status }).toEqual({
      documented: answer.status !== 400,
      status: answer.status === 400 ? 400 : expect.any(Number),
    });
  });
});
