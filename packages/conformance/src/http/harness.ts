import { afterEach, expect } from "vitest";
import type { HttpAuthOptions, RunningServer, StartServer } from "./app-contract";
import type { Reply } from "./client";
import { createWorld, type World } from "./fixtures";

/** One test's world and the server in front of it. */
export interface Opened {
  readonly world: World;
  readonly url: string;
}

/** Starts servers for the running test and closes them after it. Call inside a `describe`. */
export function createHttpHarness(startServer: StartServer): (options?: HttpAuthOptions) => Promise<Opened> {
  let servers: RunningServer[] = [];
  afterEach(async () => {
    const running = servers;
    servers = [];
    await Promise.all(running.map((server) => server.close()));
  });
  return async (options = {}) => {
    const world = await createWorld();
    const server = await startServer(world.keyward, options);
    servers.push(server);
    return { world, url: server.url };
  };
}

/** The exact documented answers, for byte comparisons. */
export const BODIES = {
  required: '{"error":"Authentication required"}',
  failed: '{"error":"Authentication failed"}',
  denied: '{"error":"Permission denied"}',
  conflict: '{"error":"Conflicting credentials"}',
  unavailable: '{"error":"Service unavailable"}',
  invalidJson: '{"error":"The request body must be valid JSON"}',
} as const;

export const CHALLENGE = 'Bearer realm="keyward"';
export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="keyward", error="invalid_token"';

/** Asserts a JSON answer: status, body bytes, and the headers every keyward answer carries. */
export function expectAnswer(reply: Reply, status: number, body: string): void {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body });
  expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(reply.headers.get("cache-control")).toBe("no-store");
}

/** Asserts a pass: 200 and the principal the route saw. */
export function expectPass(reply: Reply, auth: Record<string, unknown> | null): void {
  expect(reply.status, reply.body).toBe(200);
  const seen = (JSON.parse(reply.body) as { auth: Record<string, unknown> | null }).auth;
  if (auth === null) expect(seen).toBeNull();
  else expect(seen).toMatchObject(auth);
}
