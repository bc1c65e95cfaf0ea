import type { Principal } from "@keyward/core";
import { buildSchema, GraphQLError, type GraphQLSchema } from "graphql";
import { authorize } from "./authorize";
import { type ContentStore, isModel, isModelName, parseItemFields } from "./content-store";

/** What every resolver gets: the principal `apiKeyAuth` resolved for this HTTP request. */
export type GraphQLContext = {
  readonly auth: Principal | undefined;
};

const SDL = `
  type Item { _id: ID!, _model: String!, _created: String!, title: String!, body: String! }
  type Me { kind: String!, userId: String, role: String }
  type Query {
    "Items of a model; needs content/<model>/read."
    items(model: String!): [Item!]!
    "One item; needs content/<model>/read."
    item(model: String!, id: ID!): Item
    "Who the request acts as."
    me: Me
  }
  type Mutation {
    "Creates an item; needs content/<model>/create."
    createItem(model: String!, title: String!, body: String): Item!
  }
`;

const notFound = () =>
  new GraphQLError("Model not found", { extensions: { code: "not_found", status: 404 } });

/** As REST: a name that cannot be a model is 404 at once; a valid one is checked for permission first. */
function authorizeModel(ctx: GraphQLContext, model: string, action: "read" | "create"): string {
  if (!isModelName(model)) throw notFound();
  authorize(ctx.auth, `content/${model}/${action}`);
  if (!isModel(model)) throw notFound();
  return model;
}

/**
 * The content API as GraphQL. Resolvers check the same permissions as the REST routes; the endpoint
 * sits behind `apiKeyAuth`, so keys, the public role and refusals of bad keys are identical.
 * @param content - the content store
 */
export function contentSchema(content: ContentStore): { schema: GraphQLSchema; rootValue: object } {
  const rootValue = {
    items: ({ model }: { model: string }, ctx: GraphQLContext) => {
      return content.list(authorizeModel(ctx, model, "read"));
    },
    item: ({ model, id }: { model: string; id: string }, ctx: GraphQLContext) => {
      return content.get(authorizeModel(ctx, model, "read"), id);
    },
    me: (_: unknown, ctx: GraphQLContext) =>
      ctx.auth === undefined ? null : { kind: ctx.auth.kind, userId: ctx.auth.userId, role: ctx.auth.role },
    createItem: (args: { model: string; title: string; body?: string | null }, ctx: GraphQLContext) => {
      const model = authorizeModel(ctx, args.model, "create");
      const fields = parseItemFields({ title: args.title, body: args.body ?? "" });
      if (typeof fields === "string")
        throw new GraphQLError(fields, { extensions: { code: "invalid", status: 400 } });
      return content.create(model, fields);
    },
  };
  return { schema: buildSchema(SDL), rootValue };
}
