import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ManagementClient } from "./api/client";
import type { ConsoleConfig } from "./api/types";
import type { Capabilities } from "./capabilities";

/** What every screen of a signed-in console shares. */
export interface ConsoleContext {
  readonly config: ConsoleConfig;
  readonly client: ManagementClient;
  readonly can: Capabilities;
  /** Says something in the page's polite live region (a change made, a key copied). */
  readonly announce: (message: string) => void;
}

export const Console = createContext<ConsoleContext | null>(null);

/** The signed-in console's shared state; only screens rendered inside the signed-in shell call it. */
export function useConsole(): ConsoleContext {
  const context = useContext(Console);
  if (context === null) throw new Error("useConsole outside the signed-in console");
  return context;
}
