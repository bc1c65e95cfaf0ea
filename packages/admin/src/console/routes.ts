import { useEffect, useState } from "preact/hooks";
import type { Capabilities } from "./capabilities";

/** The console's screens, in the order of the navigation. */
export const SCREENS = [
  { id: "users", title: "Users", needs: "users" },
  { id: "keys", title: "Keys", needs: "keys" },
  { id: "roles", title: "Roles", needs: "roles" },
  { id: "public-role", title: "Public role", needs: "settings" },
  { id: "playground", title: "Playground", needs: null },
] as const satisfies readonly { id: string; title: string; needs: keyof Capabilities | null }[];

/** One of {@link SCREENS}. */
export type Screen = (typeof SCREENS)[number];

/** The screens a key may open: those whose part of the API it may use, and the playground. */
export function screensFor(can: Capabilities): Screen[] {
  return SCREENS.filter((screen) => screen.needs === null || can[screen.needs]);
}

const current = (): string => decodeURIComponent(location.hash.replace(/^#\/?/, ""));

/**
 * The screen named in the URL's fragment (`#/keys`). The fragment never reaches the server, and
 * holds a screen name only: never a key, nor anything else secret.
 */
export function useHashRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}
