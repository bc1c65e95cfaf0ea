import { useState } from "preact/hooks";
import type { IssuedKey } from "./api/types";
import type { Capabilities } from "./capabilities";
import { useConsole } from "./context";
import { SCREENS, type Screen, screensFor, useHashRoute } from "./routes";
import { KeysScreen } from "./screens/keys";
import { PlaygroundScreen } from "./screens/playground";
import { PublicRoleScreen } from "./screens/public-role";
import { RolesScreen } from "./screens/roles";
import { ScreenTitle } from "./screens/screen-title";
import { UsersScreen } from "./screens/users";
import { ConfirmButton } from "./ui/confirm-button";
import { errorText } from "./ui/format";
import { NewKeyPanel } from "./ui/new-key-panel";
import { ErrorNotice } from "./ui/notice";

const VIEWS: Record<Screen["id"], () => preact.JSX.Element> = {
  users: UsersScreen,
  keys: KeysScreen,
  roles: RolesScreen,
  "public-role": PublicRoleScreen,
  playground: PlaygroundScreen,
};

const PERMISSION: Record<keyof Capabilities, string> = {
  keys: "keyward/keys/manage",
  roles: "keyward/roles/manage",
  users: "keyward/users/manage",
  settings: "keyward/settings/manage",
};

function Unavailable({ route }: { route: string }) {
  const screen = SCREENS.find((candidate) => candidate.id === route);
  return (
    <>
      <ScreenTitle title="Not available" />
      <p>
        {screen?.needs
          ? `The ${screen.title.toLowerCase()} screen needs ${PERMISSION[screen.needs]}, which this key does not hold.`
          : "There is no such screen."}
      </p>
    </>
  );
}

/** The signed-in console: navigation by what the key may manage, the screen, and the session's controls. */
export function Shell(props: {
  readonly onSignOut: () => void;
  /** Switches the session to the signed-in key's refreshed secret. */
  readonly onOwnKeyRefreshed: (key: string) => void;
  readonly announcement: string;
}) {
  const { client, can } = useConsole();
  const route = useHashRoute();
  const screens = screensFor(can);
  const active = route === "" ? screens[0] : screens.find((screen) => screen.id === route);
  const View = active === undefined ? null : VIEWS[active.id];
  const [ownKey, setOwnKey] = useState<IssuedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manages = (Object.keys(PERMISSION) as (keyof Capabilities)[]).filter((part) => can[part]);

  return (
    <>
      {/* A button, not a link to #main: the fragment holds the screen's name. */}
      <button type="button" class="skip-link" onClick={() => document.getElementById("main")?.focus()}>
        Skip to the screen
      </button>
      <header class="top">
        <span class="brand">keyward admin</span>
        <nav aria-label="Screens">
          <ul>
            {screens.map((screen) => (
              <li key={screen.id}>
                <a href={`#/${screen.id}`} aria-current={screen === active ? "page" : undefined}>
                  {screen.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="session">
          <span class="manages">
            {manages.length === 0 ? "This key manages nothing" : `This key manages: ${manages.join(", ")}`}
          </span>
          <ConfirmButton
            label="Refresh my key"
            consequence="The key you signed in with stops working at once; the new one is shown once."
            onConfirm={async () => {
              setError(null);
              try {
                const issued = await client.refreshOwnKey();
                props.onOwnKeyRefreshed(issued.key);
                setOwnKey(issued);
              } catch (failure) {
                setError(errorText(failure));
              }
            }}
          />
          <button type="button" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorNotice message={error} />
        {ownKey === null ? null : <NewKeyPanel issued={ownKey} replaced onDone={() => setOwnKey(null)} />}
        {View === null ? <Unavailable route={route} /> : <View />}
      </main>
      <div class="toast" role="status" aria-live="polite">
        {props.announcement}
      </div>
    </>
  );
}
