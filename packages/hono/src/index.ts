export { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
export type { KeywardEnv, KeywardVariables, OptionalKeywardEnv, OptionalKeywardVariables } from "./env";
export { type ManagementAppOptions, managementApp } from "./management-app";
export { type PermissionInput, requirePermission } from "./require-permission";
