/**
 * `@keyward/express/augment`: types `req.auth` as keyward's principal in every Express request.
 * Opt-in, because a global declaration of `req.auth` clashes with any other library that declares
 * one (express-jwt does): import it once (`import "@keyward/express/augment";`) when keyward is the
 * only one; otherwise read the caller with `getAuth(req)`, which needs no augmentation.
 *
 * @packageDocumentation
 */
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
