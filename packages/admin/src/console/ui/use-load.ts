import { useCallback, useEffect, useState } from "preact/hooks";

/** What {@link useLoad} returns. */
export interface Loaded<T> {
  readonly value: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
  /** Loads again, e.g. after a change. */
  readonly reload: () => void;
}

/**
 * Loads data for a screen and reloads it on demand; an answer that arrives after a newer request
 * was made is dropped, so the screen never shows older data over newer.
 * @param load - the request
 * @param deps - when to load again
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value: T | undefined; error: string | null; loading: boolean }>({
    value: undefined,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  // `load` is a new function on every render: `deps` say when what it loads changes.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (value) => current && setState({ value, error: null, loading: false }),
      (error: unknown) =>
        current &&
        setState((previous) => ({
          value: previous.value,
          error: error instanceof Error ? error.message : String(error),
          loading: false,
        })),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}
