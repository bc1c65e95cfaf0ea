import type { Principal } from "@keyward/core";
import { checkRequirement } from "@keyward/core/adapter";
import { GraphQLError } from "graphql";

/**
 * The GraphQL twin of `requirePermission`: the same check (`checkRequirement` from core) on the
 * principal `apiKeyAuth` put on the request, so REST and GraphQL refuse the same callers. A refusal
 * is a GraphQL error whose `extensions` carry the HTTP status REST would have answered (401 for no
 * key or the public role, 403 for a key without the permission).
 * @param auth - the request's principal (`req.auth`)
 * @param permission - what the field needs
 */
export function authorize(auth: Principal | undefined, permission: string): void {
  const answer = checkRequirement(auth, permission);
  if (answer === null) return;
  const message =
    answer.body === undefined ? answer.code : (JSON.parse(answer.body) as { error: string }).error;
  throw new GraphQLError(message, { extensions: { code: answer.code, status: answer.status } });
}
