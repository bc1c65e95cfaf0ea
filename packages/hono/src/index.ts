export { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
export type { KeywardEnv, KeywardVariables, OptionalKeywardEnv, OptionalKeywardVariables } from "./env";
export { type KeywardErrorHandler, type KeywardErrorHandling, KeywardHttpError } from "./errors";
export { type ManagementAppOptions, managementApp } from "./management-app";
export { getAuth } from "./request-state";
export {
  type RequirementInput,
  type RequirePermissionOptions,
  requirePermission,
} from "./require-permission";
