export type { HttpAuthOptions, RunningServer, StartServer } from "./http/app-contract";
export {
  type AuthOptionsSpec,
  describeAuthOptionsConformance,
  type StartOptionsServer,
} from "./http/auth-options-cases";
export { describeHttpConformance } from "./http/describe-http-conformance";
export { type RefreshRaceOptions, raceRefreshesAcrossConnections } from "./refresh-race";
export { type AllowedSkip, describeOrSkip, itOrSkip, skipOrFail, skipsFail } from "./skip-policy";
export { SkipReasonsReporter } from "./skip-reasons-reporter";
export { describeStoreConformance } from "./store/describe-store-conformance";
export type { StoreConformanceOptions, StoreFactory } from "./store/options";
export { seededKeyward, timedRejection } from "./store-test-helpers";
export { type TypeDiagnostic, typeCheck } from "./type-check";
