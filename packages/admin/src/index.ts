export type { ConsoleFile } from "./assets/console-file";
export { type ConsoleAsset, consoleAssets } from "./console-assets";
export { type ConsoleHandlerOptions, createConsoleHandler } from "./fetch-handler";
export type { ConsoleConfig, ConsoleOptions } from "./options";
export { CONSOLE_CSP } from "./security-headers";
