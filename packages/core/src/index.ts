/**
 * `@keyward/core`: API keys, roles and permissions for any HTTP API. What an app uses: create an
 * instance over a store, authenticate keys, manage keys, roles, users and the public role, listen
 * to events, and cache verified keys. Framework adapters and stores are built from
 * `@keyward/core/adapter`.
 *
 * @packageDocumentation
 */
export type { AuthFailureReason, AuthResult } from "./authenticate";
export { type InvalidationBus, type InvalidationMessage, memoryBus } from "./cache/invalidation";
export type { CacheOptions } from "./cache/verified-key-cache";
export { isKeywardError, KeywardError, type KeywardErrorCode } from "./errors";
export type {
  ActorOptions,
  AuthFailureDetail,
  EventActor,
  EventBase,
  KeyFacts,
  KeywardEvent,
  KeywardEventListener,
  KeywardEventType,
  ManagedEventBase,
} from "./events/types";
export type { KeyHasher } from "./hash/key-hasher";
export {
  MANAGEMENT_API_VERSION,
  type ManagementOpenApiOptions,
  managementOpenApiDocument,
  managementOpenApiJson,
} from "./http/management/openapi/openapi-document";
export type { OpenApiDocument } from "./http/management/openapi/types";
export type { PermissionRequirement } from "./http/requirement";
export type { IfMatch } from "./key-etag";
export type {
  CreateKeyInput,
  ImportKeyInput,
  IssuedKey,
  KeysApi,
  ListKeysFilter,
  RefreshOptions,
  RevokeOptions,
} from "./keys-api";
export { createKeyward, type EventsApi, type Keyward, type KeywardOptions } from "./keyward";
export { memoryStore } from "./memory-store";
export type { Explanation } from "./permissions/explain";
export { isPermissionName, type RuleDecision, validatePermissionPatterns } from "./permissions/matcher";
export type { Principal, PrincipalKind } from "./principal";
export { redactKeys } from "./redact";
export type { RolesApi } from "./roles-api";
export type { SettingsApi } from "./settings-api";
export type { Awaitable, KeywardStore } from "./store";
export type { KeyKind, KeyRecord, Role, StoredKey, User } from "./types";
export type { UsersApi } from "./users-api";
