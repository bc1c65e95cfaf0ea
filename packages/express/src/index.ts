export { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
export { type KeywardErrorHandler, type KeywardErrorHandling, KeywardHttpError } from "./errors";
export { type ManagementRouterOptions, managementRouter } from "./management-router";
export { getAuth } from "./request-state";
export {
  type RequirementInput,
  type RequirePermissionOptions,
  requirePermission,
} from "./require-permission";
