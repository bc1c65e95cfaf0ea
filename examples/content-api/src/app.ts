import { adminConsole } from "@keyward/admin/express";
import type { Keyward } from "@keyward/core";
import { apiKeyAuth, getAuth, managementRouter, requirePermission } from "@keyward/express";
import express, { type Express, type Request } from "express";
import { createHandler } from "graphql-http/lib/use/express";
import { type ContentStore, isModel, isModelName, MODELS, parseItemFields } from "./content-store";
import { apiCors } from "./cors";
import { contentSchema, type GraphQLContext } from "./graphql-schema";
import { answerErrors, parseJson, requireJsonType } from "./json-body";
import { pagesRouter } from "./pages-routes";

/** Where the admin console is served (outside /api: the page itself needs no key). */
export const CONSOLE_PATH = "/admin";

/** What `GET /` lists; an unknown route's 404 points there. */
const ROUTES = {
  name: "keyward content API example",
  rest: [
    "GET /api/content/items/:model",
    "GET /api/content/item/:model/:id",
    "POST /api/content/item/:model",
  ],
  pages: [
    "GET /api/pages/menus",
    "GET /api/pages/menu/:name",
    "GET /api/pages/pages",
    "GET /api/pages/page/:id",
  ],
  models: MODELS,
  graphql: "POST /api/gql",
  management: "/api/keyward",
};

/** Options of {@link createContentApp}. */
export interface ContentAppOptions {
  /** Origins a browser front-end may call from: `"*"` (any, the default) or a list. */
  readonly corsOrigins?: "*" | string[];
}

const param = (req: Request, name: string): string => {
  const value = req.params[name];
  return typeof value === "string" ? value : "";
};
const model = (req: Request): string => param(req, "model");

/**
 * The content API: Cockpit's content and pages routes, a GraphQL endpoint and keyward's management
 * API, all behind one `apiKeyAuth`, with CORS answered before it.
 * @param keyward - the keyward instance
 * @param content - where the items live
 * @param options - CORS origins
 * @example
 * ```ts
 * createServer(createContentApp(keyward, sqliteContentStore(db))).listen(3000);
 * ```
 */
export function createContentApp(
  keyward: Keyward,
  content: ContentStore,
  options: ContentAppOptions = {},
): Express {
  const app = express();
  app.disable("x-powered-by");

  // Before apiKeyAuth: preflights carry no key and are answered here; refusals get CORS headers too.
  app.use(apiCors(options.corsOrigins ?? "*"));

  app.get("/", (_req, res) => {
    res.json(ROUTES);
  });

  // Every /api request is authenticated once: a key's principal, the public role, or a 400/401/503.
  app.use("/api", apiKeyAuth(keyward));

  app.param("model", (_req, res, next, name: string) => {
    if (isModelName(name)) next();
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
    requireJsonType,
    parseJson,
    (req, res) => {
      if (!isModel(model(req))) return void res.status(404).json({ error: "Model not found" });
      const fields = parseItemFields((req.body as { data?: unknown } | undefined)?.data);
      if (typeof fields === "string") return void res.status(400).json({ error: fields });
      res.status(201).json(content.create(model(req), fields));
    },
  );

  app.use("/api/pages", pagesRouter());

  const { schema, rootValue } = contentSchema(content);
  const graphql = createHandler<GraphQLContext>({
    schema,
    rootValue,
    // The principal apiKeyAuth resolved for this HTTP request: GraphQL never authenticates twice.
    context: (req) => ({ auth: getAuth(req.raw) }),
  });
  app.all("/api/gql", requireJsonType, graphql);

  app.use("/api/keyward", managementRouter(keyward));
  app.use(CONSOLE_PATH, adminConsole({ apiBase: "/api/keyward" }));

  app.use((_req, res) => {
    res.status(404).json({ error: "Not found: GET / lists the routes" });
  });
  app.use(answerErrors);
  return app;
}
