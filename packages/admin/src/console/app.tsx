import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ManagementClient } from "./api/client";
import type { ConsoleConfig } from "./api/types";
import { type Capabilities, probeCapabilities } from "./capabilities";
import { Console } from "./context";
import { SignIn } from "./screens/sign-in";
import { clearSessionKey, readSessionKey, writeSessionKey } from "./session";
import { Shell } from "./shell";

const REFUSED =
  "The key was refused: it was refreshed, revoked or has expired, or its user is inactive. Sign in again.";

type State =
  | { readonly step: "checking" }
  | { readonly step: "signed-out"; readonly notice: string | null }
  | { readonly step: "signed-in"; readonly key: string; readonly can: Capabilities };

/** The console: sign-in, then the screens the key may use. */
export function App({ config }: { readonly config: ConsoleConfig }) {
  const [state, setState] = useState<State>(() =>
    readSessionKey() === null ? { step: "signed-out", notice: null } : { step: "checking" },
  );
  const [announcement, setAnnouncement] = useState("");

  const signOut = useCallback((notice: string | null) => {
    clearSessionKey();
    setState({ step: "signed-out", notice });
  }, []);

  const signIn = useCallback(
    async (key: string): Promise<string | null> => {
      const probe = await probeCapabilities(new ManagementClient(config.apiBase, key));
      if (!probe.ok) return probe.error;
      writeSessionKey(key);
      setState({ step: "signed-in", key, can: probe.can });
      return null;
    },
    [config.apiBase],
  );

  // A tab that signed in before (a reload) checks its key again: its permissions may have changed.
  useEffect(() => {
    const key = readSessionKey();
    if (key === null) return;
    void signIn(key).then((error) => {
      if (error !== null) signOut(error);
    });
  }, [signIn, signOut]);

  const key = state.step === "signed-in" ? state.key : null;
  const client = useMemo(
    () => (key === null ? null : new ManagementClient(config.apiBase, key, () => signOut(REFUSED))),
    [config.apiBase, key, signOut],
  );

  if (state.step === "checking") {
    return (
      <main id="main">
        <p role="status">Checking the key…</p>
      </main>
    );
  }
  if (state.step === "signed-out" || client === null) {
    return <SignIn onSignIn={signIn} notice={state.step === "signed-out" ? state.notice : null} />;
  }
  return (
    <Console.Provider value={{ config, client, can: state.can, announce: setAnnouncement }}>
      <Shell
        announcement={announcement}
        onSignOut={() => signOut(null)}
        onOwnKeyRefreshed={(next) => {
          writeSessionKey(next);
          setState({ ...state, key: next });
        }}
      />
    </Console.Provider>
  );
}
