export { CliError, EXIT, type ExitCode } from "./cli-error";
export { parseDuration } from "./duration";
export { type OpenedStore, type OpenStoreOptions, openStore } from "./open-store";
export type { CliIo } from "./output";
export { type RunCliOptions, runCli } from "./run";
export { DEFAULT_STORE, parseStoreUrl, redactUrl, type StoreSpec } from "./store-url";
