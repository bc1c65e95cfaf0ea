import "./styles.css";
import { render } from "preact";
import type { ConsoleConfig } from "./api/types";
import { App } from "./app";

async function readConfig(): Promise<ConsoleConfig> {
  // Written by the mount function next to this page: where the management API is.
  const response = await fetch("config.json", { cache: "no-store", credentials: "omit" });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

const root = document.getElementById("app");
if (root !== null) {
  root.replaceChildren();
  readConfig().then(
    (config) => render(<App config={config} />, root),
    (error: unknown) =>
      render(
        <main id="main">
          <p role="alert">The console could not start: {String(error)}</p>
        </main>,
        root,
      ),
  );
}
