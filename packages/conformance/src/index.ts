export { describeStoreConformance } from "./store/describe-store-conformance";
export type { StoreConformanceOptions, StoreFactory } from "./store/options";
