// The signed-in key lives in this tab's sessionStorage only: never localStorage (it would outlive
// the tab), never a cookie (the browser would send it by itself), never the URL (history, logs,
// referrers). Closing the tab forgets it.
const STORAGE_KEY = "keyward-admin.key";

/** The key this tab signed in with, or `null`. */
export function readSessionKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers the signed-in key for this tab. */
export function writeSessionKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

/** Forgets the signed-in key. */
export function clearSessionKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: there is nothing to forget.
  }
}
