export type { AuthFailureReason, AuthResult } from "./authenticate";
export { isKeywardError, KeywardError, type KeywardErrorCode } from "./errors";
export type { KeyHasher } from "./hash/key-hasher";
export {
  type CreateKeyInput,
  type ImportKeyInput,
  type IssuedKey,
  type KeysApi,
  type ListKeysFilter,
  toKeyRecord,
} from "./keys-api";
export { createKeyward, type Keyward, type KeywardOptions } from "./keyward";
export { memoryStore } from "./memory-store";
export type { Explanation } from "./permissions/explain";
export {
  compilePermissions,
  type PermissionMatcher,
  type RuleDecision,
  validatePermissionPatterns,
} from "./permissions/matcher";
export type { Principal, PrincipalKind } from "./principal";
export type { RolesApi } from "./roles-api";
export type { SettingsApi } from "./settings-api";
export type {
  Awaitable,
  KeyFilter,
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
