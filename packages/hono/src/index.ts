export { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
export type { KeywardEnv, KeywardVariables, OptionalKeywardEnv, OptionalKeywardVariables } from "./env";
export { type KeywardErrorHandler, KeywardHttpError } from "./errors";
export { type ManagementAppOptions, managementApp } from "./management-app";
export {
  type RequirementInput,
  type RequirePermissionOptions,
  requirePermission,
} from "./require-permission";
