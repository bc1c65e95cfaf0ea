export type { AuthFailureReason, AuthResult } from "./authenticate";
export {
  type InvalidationBus,
  type InvalidationMessage,
  memoryBus,
  parseInvalidation,
} from "./cache/invalidation";
export type { CacheOptions } from "./cache/verified-key-cache";
export { isKeywardError, KeywardError, type KeywardErrorCode } from "./errors";
export type {
  ActorOptions,
  AuthFailureDetail,
  EventActor,
  KeyFacts,
  KeywardEvent,
  KeywardEventListener,
  KeywardEventType,
} from "./events/types";
export type { KeyHasher } from "./hash/key-hasher";
export {
  AUTHENTICATION_FAILED,
  AUTHENTICATION_REQUIRED,
  CONFLICTING_CREDENTIALS,
  type HttpAnswer,
  type HttpAnswerCode,
  INVALID_JSON,
  JSON_CONTENT_TYPE,
  MANAGEMENT_BODY_LIMIT,
  MISPLACED_CREDENTIAL,
  PAYLOAD_TOO_LARGE,
  PERMISSION_DENIED,
  PRECONDITION_FAILED,
  QUERY_KEY_DISABLED,
  serviceUnavailable,
} from "./http/answers";
export {
  type ExtractedCredential,
  type ExtractOptions,
  extractCredential,
  type RequestCredentials,
} from "./http/credentials";
export {
  MANAGEMENT_DRAIN_LIMIT,
  managementBodyVerdict,
  PAYLOAD_TOO_LARGE_CLOSE,
} from "./http/management/body-limit";
export {
  createManagementHandler,
  type ManagementHandler,
  type ManagementOptions,
  type ManagementRequest,
} from "./http/management/handler";
export type { KeyRecordJson } from "./http/management/serialize";
export {
  credentialsFromFetchHeaders,
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
} from "./http/request-credentials";
export {
  checkRequestRequirement,
  checkRequirement,
  type PermissionRequirement,
  validateRequirement,
} from "./http/requirement";
export {
  type RequestAuthOptions,
  type RequestAuthOutcome,
  resolveRequestAuth,
  validateRequestAuthOptions,
} from "./http/resolve-auth";
export type { IfMatch } from "./key-etag";
export {
  type CreateKeyInput,
  type ImportKeyInput,
  type IssuedKey,
  type KeysApi,
  type ListKeysFilter,
  type RefreshOptions,
  type RevokeOptions,
  toKeyRecord,
} from "./keys-api";
export { createKeyward, type EventsApi, type Keyward, type KeywardOptions } from "./keyward";
export { memoryStore } from "./memory-store";
export type { Explanation } from "./permissions/explain";
export {
  type CompileOptions,
  compilePermissions,
  isPermissionName,
  MAX_NAME_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
  type PermissionMatcher,
  type RuleDecision,
  validatePermissionPatterns,
} from "./permissions/matcher";
export type { Principal, PrincipalKind } from "./principal";
export { quoteInput, redactKeys } from "./redact";
export type { RolesApi } from "./roles-api";
export type { SettingsApi } from "./settings-api";
export type {
  Awaitable,
  KeyFilter,
  KeyLookup,
  KeySecret,
  KeyStore,
  KeywardStore,
  RoleStore,
  SettingsStore,
  UserStore,
} from "./store";
export { generateKey, KEY_PREFIX, keyKindOf, keyStart } from "./tokens";
export type { KeyKind, KeyRecord, Role, StoredKey, User } from "./types";
export type { UsersApi } from "./users-api";
