/**
 * A trivial `node:http` server (no framework, no middleware) that answers what the framework apps
 * answer. The harness loads it once to report how much faster the load generator is than the
 * fastest server Node can be.
 */
import { createServer } from "node:http";
import { serveToHarness } from "./serve";

const body = JSON.stringify({ ok: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
}).listen(0, "127.0.0.1");
serveToHarness(server, {});
