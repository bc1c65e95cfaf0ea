import type { Principal } from "@keyward/core";

declare global {
  namespace Express {
    interface Request {
      /**
       * The caller, set by `apiKeyAuth`: a user key, an app key or the public role. Unset when
       * `apiKeyAuth` did not run, or when `optional` let a request without a key through.
       */
      auth?: Principal;
    }
  }
}
