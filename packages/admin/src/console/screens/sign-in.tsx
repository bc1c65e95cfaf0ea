import { useEffect, useRef, useState } from "preact/hooks";
import { TextField } from "../ui/field";
import { ErrorNotice } from "../ui/notice";

/**
 * Sign-in with a management key. The key is checked against the management API before the console
 * opens, and kept in this tab's sessionStorage only.
 */
export function SignIn(props: {
  readonly onSignIn: (key: string) => Promise<string | null>;
  /** Why the console is asking again, e.g. the key stopped working. */
  readonly notice: string | null;
}) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = "Sign in · keyward admin";
    headingRef.current?.focus();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (key.trim() === "") {
      setError("Enter a key with a keyward/…/manage permission.");
      return;
    }
    setBusy(true);
    setError(await props.onSignIn(key.trim()));
    setBusy(false);
  };

  return (
    <main class="sign-in" id="main">
      <h1 ref={headingRef} tabIndex={-1}>
        keyward admin
      </h1>
      <ErrorNotice message={props.notice} />
      <form class="card" onSubmit={submit} aria-label="Sign in" noValidate>
        <TextField
          label="Management key"
          type="password"
          value={key}
          onInput={setKey}
          autoComplete="off"
          hint="A key whose role holds keyward/keys/manage, keyward/roles/manage, keyward/users/manage or keyward/settings/manage. It is kept in this tab only and forgotten when the tab closes."
          error={error}
        />
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? "Checking…" : "Sign in"}
          </button>
        </div>
      </form>
    </main>
  );
}
