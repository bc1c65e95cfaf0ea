// Types of checks.mjs for the TypeScript app (module: nodenext).
import type { Keyward } from "@keyward/core";

export interface SmokeKeys {
  readonly admin: string;
  readonly reader: string;
}
export type Requester = (path: string, key: string | null) => Promise<{ status: number; body: string }>;

export function seed(keyward: Keyward): Promise<SmokeKeys>;
export function httpRequester(baseUrl: string): Requester;
export function runChecks(label: string, request: Requester, keys: SmokeKeys): Promise<number>;
