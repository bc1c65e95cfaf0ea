import type { Principal } from "@keyward/core";
import { buildSchema, GraphQLError, type GraphQLSchema } from "graphql";
import { authorize } from "./authorize";
import { type ContentStore, isModel, parseItemFields } from "./content-store";

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

function requireModel(model: string): string {
  if (!isModel(model))
    throw new GraphQLError(`Unknown model "${model}"`, { extensions: { code: "not_found", status: 404 } });
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
      authorize(ctx.auth, `content/${model}/read`);
      return content.list(requireModel(model));
    },
    item: ({ model, id }: { model: string; id: string }, ctx: GraphQLContext) => {
      authorize(ctx.auth, `content/${model}/read`);
      return content.get(requireModel(model), id);
    },
    me: (_: unknown, ctx: GraphQLContext) =>
      ctx.auth === undefined ? null : { kind: ctx.auth.kind, userId: ctx.auth.userId, role: ctx.auth.role },
    createItem: (args: { model: string; title: string; body?: string | null }, ctx: GraphQLContext) => {
      authorize(ctx.auth, `content/${args.model}/create`);
      const fields = parseItemFields({ title: args.title, body: args.body ?? "" });
      if (typeof fields === "string")
        throw new GraphQLError(fields, { extensions: { code: "invalid", status: 400 } });
      return content.create(requireModel(args.model), fields);
    },
  };
  return { schema: buildSchema(SDL), rootValue };
}
