import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CSP } from "../src/security-headers";
import { listen, MOUNTS, type TestServer } from "./servers";

const OPTIONS = { apiBase: "/api/keyward/" };
const SECURITY = {
  "content-security-policy": CONSOLE_CSP,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
const IMMUTABLE = "public, max-age=31536000, immutable";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The headers the console sets, without what the HTTP server adds (date, connection, …). */
const OWN = [
  "content-type",
  "cache-control",
  "location",
  "allow",
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
];

async function fetchAnswer(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const headers: Record<string, string> = {};
  for (const name of OWN) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.text() };
}

describe.each(Object.keys(MOUNTS) as (keyof typeof MOUNTS)[])("the console mounted with %s", (mount) => {
  let server: TestServer;
  let asset: { js: string; css: string };
  const at = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    server = await listen(MOUNTS[mount](OPTIONS));
    const index = await (await fetch(at("/admin/"))).text();
    asset = {
      js: /src="(assets\/main-[A-Z0-9]+\.js)"/.exec(index)?.[1] ?? "",
      css: /href="(assets\/main-[A-Z0-9]+\.css)"/.exec(index)?.[1] ?? "",
    };
  });
  afterAll(() => server?.close());

  it("serves index.html with the strict policy, never cached, loading only hashed files of its own", async () => {
    const index = await fetchAnswer(at("/admin/"));
    expect(index.status).toBe(200);
    expect(index.headers).toMatchObject({
      ...SECURITY,
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
    });
    expect(asset.js).toMatch(/^assets\/main-[A-Z0-9]{8}\.js$/);
    expect(asset.css).toMatch(/^assets\/main-[A-Z0-9]{8}\.css$/);
    // Nothing inline for the policy to refuse, nothing from another origin.
    expect(index.body).not.toMatch(/<script>|<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=|https?:/i);
    expect((await fetchAnswer(at("/admin/index.html"))).body).toBe(index.body);
  });

  it.each([
    ["js", "text/javascript; charset=utf-8"],
    ["css", "text/css; charset=utf-8"],
  ] as const)("serves the hashed %s as immutable for a year", async (kind, type) => {
    const answer = await fetchAnswer(at(`/admin/${asset[kind]}`));
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ ...SECURITY, "content-type": type, "cache-control": IMMUTABLE });
    expect(answer.body.length).toBeGreaterThan(1000);
  });

  it("serves config.json from the options, the API's path without its trailing slash", async () => {
    const answer = await fetchAnswer(at("/admin/config.json"));
    expect(answer.headers).toMatchObject({ ...SECURITY, "cache-control": "no-store" });
    expect(JSON.parse(answer.body)).toEqual({
      apiBase: "/api/keyward",
      superRole: "admin",
      publicInherits: false,
    });
  });

  it("redirects the mount point to its slash, keeping the query, so relative links resolve", async () => {
    const answer = await fetchAnswer(at("/admin?x=1"));
    expect(answer.status).toBe(308);
    expect(answer.headers).toMatchObject({ ...SECURITY, location: "/admin/?x=1" });
  });

  it.each([
    ["an unknown file", "/admin/assets/main-AAAAAAAA.js"],
    ["a file outside assets/", "/admin/main.js"],
    ["a path that climbs out", "/admin/assets/..%2fconfig.json"],
  ])("answers 404 for %s, with the same headers", async (_case, path) => {
    const answer = await fetchAnswer(at(path));
    expect(answer.status).toBe(404);
    expect(answer.headers).toMatchObject({ ...SECURITY, "cache-control": "no-store" });
  });

  it.each(["POST", "PUT", "DELETE"])("refuses %s with 405 and Allow", async (method) => {
    const answer = await fetchAnswer(at("/admin/"), { method });
    expect(answer.status).toBe(405);
    expect(answer.headers).toMatchObject({ ...SECURITY, allow: "GET, HEAD" });
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const head = await fetchAnswer(at(`/admin/${asset.js}`), { method: "HEAD" });
    const get = await fetchAnswer(at(`/admin/${asset.js}`));
    expect(head.status).toBe(200);
    expect(head.headers).toEqual(get.headers);
    expect(head.body).toBe("");
  });
});

describe("the three mount functions", () => {
  const servers: Record<string, TestServer> = {};
  beforeAll(async () => {
    for (const [name, mount] of Object.entries(MOUNTS)) servers[name] = await listen(mount(OPTIONS));
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));

  it.each([
    ["GET", "/admin/"],
    ["GET", "/admin"],
    ["GET", "/admin/config.json"],
    ["GET", "/admin/nothing"],
    ["POST", "/admin/"],
    ["HEAD", "/admin/"],
  ])("answer %s %s with the same status, headers and body", async (method, path) => {
    const answers = await Promise.all(
      Object.values(servers).map((server) => fetchAnswer(`${server.url}${path}`, { method })),
    );
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });
});
