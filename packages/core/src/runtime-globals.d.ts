// The few Web-standard globals core uses. Core compiles with `"types": []` so that no Node API can
// slip in; these declarations are the whole of what it may assume from the runtime (Node 20+, Bun,
// Deno and workerd all provide them).
declare global {
  interface KeywardSubtleCrypto {
    digest(algorithm: "SHA-256", data: Uint8Array): Promise<ArrayBuffer>;
    importKey(
      format: "raw",
      keyData: Uint8Array,
      algorithm: { name: "HMAC"; hash: "SHA-256" },
      extractable: false,
      usages: ["sign"],
    ): Promise<unknown>;
    sign(algorithm: "HMAC", key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  }
  var crypto: {
    getRandomValues<T extends Uint8Array>(array: T): T;
    randomUUID(): string;
    readonly subtle: KeywardSubtleCrypto;
  };
  class TextEncoder {
    encode(input: string): Uint8Array;
  }
  class URLSearchParams {
    constructor(init?: string);
    [Symbol.iterator](): IterableIterator<[string, string]>;
    keys(): IterableIterator<string>;
    getAll(name: string): string[];
  }
  function atob(data: string): string;
  function setTimeout(callback: () => void, ms: number): unknown;
  function clearTimeout(handle: unknown): void;
}

export {};
