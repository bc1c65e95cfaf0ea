// The part of `node:crypto` the Node hasher uses, declared here because core compiles without
// Node's types (see runtime-globals.d.ts).
declare module "node:crypto" {
  interface Digestible {
    update(data: string, encoding: "utf8"): Digestible;
    digest(encoding: "hex"): string;
  }
  export function createHash(algorithm: "sha256"): Digestible;
  export function createHmac(algorithm: "sha256", key: string): Digestible;
  /** One-shot hashing, Node 20.12+. */
  export const hash: ((algorithm: "sha256", data: string, outputEncoding: "hex") => string) | undefined;
}
