export { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
export { type KeywardErrorHandler, KeywardHttpError } from "./errors";
export { managementRouter } from "./management-router";
export {
  type RequirementInput,
  type RequirePermissionOptions,
  requirePermission,
} from "./require-permission";
