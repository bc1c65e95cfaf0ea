// Run by runtimes.test.ts with Node, Bun and Deno from this directory: `@keyward/admin` resolves
// to the package's own built dist (self-reference), with that runtime's own export conditions and
// its own reading of the package's `imports` map. Prints what the console answers, as JSON.
import { createConsoleHandler } from "@keyward/admin";

const handler = createConsoleHandler({ apiBase: "/api/keyward", basePath: "/admin" });
const answer = async (path) => {
  const response = await handler(new Request(`http://localhost${path}`));
  return {
    status: response.status,
    csp: response.headers.get("content-security-policy"),
    cacheControl: response.headers.get("cache-control"),
    body: await response.text(),
  };
};
const index = await answer("/admin/");
const script = /src="(assets\/[^"]+)"/.exec(index.body)?.[1];
console.log(JSON.stringify({ index, script: await answer(`/admin/${script}`) }));
