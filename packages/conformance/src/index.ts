export type { HttpAuthOptions, RunningServer, StartServer } from "./http/app-contract";
export { describeHttpConformance } from "./http/describe-http-conformance";
export { type AllowedSkip, describeOrSkip, itOrSkip, skipOrFail, skipsFail } from "./skip-policy";
export { SkipReasonsReporter } from "./skip-reasons-reporter";
export { describeStoreConformance } from "./store/describe-store-conformance";
export type { StoreConformanceOptions, StoreFactory } from "./store/options";
export { seededKeyward, timedRejection } from "./store-test-helpers";
