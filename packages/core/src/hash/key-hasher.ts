/**
 * Turns a plaintext key into the lowercase hex digest stored for it. Synchronous where the runtime
 * allows it (Node), asynchronous elsewhere (Web Crypto).
 */
export type KeyHasher = (key: string) => string | Promise<string>;
