// Fixed plaintext keys, imported into the runtime app's store, so the test process knows them
// without any side channel. Test-only values: never use fixed keys in a real deployment.

/** A user key of `alice` (role `editor`: may read posts, may not delete them). */
export const EDITOR_KEY = `USR-${"ab12".repeat(10)}`;
/** An app key with the super role, for the management API. */
export const ADMIN_KEY = `API-${"cd34".repeat(10)}`;
/** Well formed, never stored. */
export const UNKNOWN_KEY = `USR-${"0".repeat(40)}`;
