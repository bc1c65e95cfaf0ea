/**
 * `@keyward/core/adapter`: what framework adapters, stores and buses are built from. Apps import
 * `@keyward/core`; this subpath is for code that plugs keyward into a framework or a database: the
 * credential rule and its readers, the ready HTTP answers, request authentication with synchronous
 * fast paths, permission requirements, the management API handler, and the record helpers stores
 * share. Everything here is as stable as the root API and follows the same versioning.
 *
 * @packageDocumentation
 */
export {
  type AdapterAccess,
  assertKeyward,
  attachAdapterAccess,
  authenticateAwaitable,
  isKeyward,
} from "./adapter-access";
export { parseInvalidation } from "./cache/invalidation";
export {
  AUTH_REALM,
  AUTHENTICATION_FAILED,
  AUTHENTICATION_REQUIRED,
  CONFLICTING_CREDENTIALS,
  DEFAULT_RETRY_AFTER_SECONDS,
  type HttpAnswer,
  type HttpAnswerCode,
  INVALID_JSON,
  JSON_CONTENT_TYPE,
  jsonAnswer,
  MANAGEMENT_BODY_LIMIT,
  MISPLACED_CREDENTIAL,
  misplacedCredentialAnswer,
  PAYLOAD_TOO_LARGE,
  PERMISSION_DENIED,
  PRECONDITION_FAILED,
  QUERY_KEY_DISABLED,
  serviceUnavailable,
} from "./http/answers";
export {
  AUTHORIZATION_HEADER,
  type CredentialSources,
  compileCredentialSources,
  DEFAULT_CREDENTIAL_SOURCES,
  DEFAULT_KEY_HEADERS,
} from "./http/credential-sources";
export {
  type ExtractedCredential,
  type ExtractOptions,
  extractCredential,
  type RequestCredentials,
} from "./http/credentials";
export { containsEncodedKeyShape, containsKeyShape } from "./http/key-shape";
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
export type {
  Header as OpenApiHeader,
  HttpMethod as OpenApiHttpMethod,
  JsonSchema,
  JsonType,
  MediaType as OpenApiMediaType,
  Operation as OpenApiOperation,
  Parameter as OpenApiParameter,
  PathItem as OpenApiPathItem,
  Reference as OpenApiReference,
  RequestBody as OpenApiRequestBody,
  Response as OpenApiResponse,
  SecurityRequirement as OpenApiSecurityRequirement,
  SecurityScheme as OpenApiSecurityScheme,
} from "./http/management/openapi/types";
export type { KeyRecordJson } from "./http/management/serialize";
export { queryRecord } from "./http/query-record";
export { type OnErrorOption, type Refusal, refusalMessage, validateOnErrorOption } from "./http/refusal";
export {
  credentialsFromFetchHeaders,
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
} from "./http/request-credentials";
export {
  checkRequestRequirement,
  checkRequirement,
  validateRequirement,
} from "./http/requirement";
export {
  type CheckedRequestAuthOptions,
  type RequestAuthOptions,
  type RequestAuthOutcome,
  resolveRequestAuth,
  validateRequestAuthOptions,
  withAppKey,
} from "./http/resolve-auth";
export { toKeyRecord } from "./keys-api";
export {
  type CompileOptions,
  compilePermissions,
  MAX_NAME_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
  type PermissionMatcher,
} from "./permissions/matcher";
export { isPrincipal } from "./principal";
export { quoteInput } from "./redact";
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
