import type { Keyward } from "@keyward/core";
import { apiKeyAuth, managementRouter, requirePermission } from "@keyward/express";
import express, { type ErrorRequestHandler, type Express, type Request } from "express";
import { createHandler } from "graphql-http/lib/use/express";
import { type ContentStore, isModel, parseItemFields } from "./content-store";
import { contentSchema, type GraphQLContext } from "./graphql-schema";

// Model names become permission names (`content/<model>/read`): keep them to one plain segment.
const MODEL_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

const param = (req: Request, name: string): string => {
  const value = req.params[name];
  return typeof value === "string" ? value : "";
};
const model = (req: Request): string => param(req, "model");

/**
 * The content API: Cockpit's REST routes, a GraphQL endpoint and keyward's management API, all
 * behind one `apiKeyAuth`.
 * @param keyward - the keyward instance
 * @param content - where the items live
 * @example
 * ```ts
 * createContentApp(keyward, sqliteContentStore(db)).listen(3000);
 * ```
 */
export function createContentApp(keyward: Keyward, content: ContentStore): Express {
  const app = express();
  app.disable("x-powered-by");

  app.get("/", (_req, res) => {
    res.json({
      name: "keyward content API example",
      rest: [
        "GET /api/content/items/:model",
        "GET /api/content/item/:model/:id",
        "POST /api/content/item/:model",
      ],
      graphql: "/api/gql",
      management: "/api/keyward",
    });
  });

  // Every /api request is authenticated once: a key's principal, the public role, or a 400/401/503.
  app.use("/api", apiKeyAuth(keyward));

  app.param("model", (_req, res, next, name: string) => {
    if (MODEL_NAME.test(name)) next();
    else res.status(404).json({ error: "Model not found" });
  });

  app.get(
    "/api/content/items/:model",
    requirePermission((req) => `content/${model(req)}/read`),
    (req, res) => {
      if (!isModel(model(req))) return void res.status(404).json({ error: "Model not found" });
      res.json(content.list(model(req)));
    },
  );

  app.get(
    "/api/content/item/:model/:id",
    requirePermission((req) => `content/${model(req)}/read`),
    (req, res) => {
      const item = isModel(model(req)) ? content.get(model(req), param(req, "id")) : null;
      if (item === null) return void res.status(404).json({ error: "Item not found" });
      res.json(item);
    },
  );

  app.post(
    "/api/content/item/:model",
    requirePermission((req) => `content/${model(req)}/create`),
    express.json({ limit: "64kb" }),
    (req, res) => {
      if (!isModel(model(req))) return void res.status(404).json({ error: "Model not found" });
      const fields = parseItemFields((req.body as { data?: unknown } | undefined)?.data);
      if (typeof fields === "string") return void res.status(400).json({ error: fields });
      res.status(201).json(content.create(model(req), fields));
    },
  );

  const { schema, rootValue } = contentSchema(content);
  app.all(
    "/api/gql",
    createHandler<GraphQLContext>({
      schema,
      rootValue,
      // The principal apiKeyAuth resolved for this HTTP request: GraphQL never authenticates twice.
      context: (req) => ({ auth: req.raw.auth }),
    }),
  );

  app.use("/api/keyward", managementRouter(keyward));

  app.use((_req, res) => {
    res.status(404).json({ error: "Not found" });
  });
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, _next) => {
    // Body-parser errors carry their status; anything else is a bug, logged here and never sent.
    const status = typeof error.status === "number" && error.status < 500 ? error.status : 500;
    if (status === 500) console.error("content-api: unexpected error", error);
    res.status(status).json({ error: status === 500 ? "Internal error" : "Bad request" });
  };
  app.use(onError);
  return app;
}
