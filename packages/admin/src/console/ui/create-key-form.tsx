import { useId, useState } from "preact/hooks";
import type { IssuedKey, NewKey, Role, User } from "../api/types";
import { useConsole } from "../context";
import { idProblem, patternLines, patternsProblem } from "../permissions/validate";
import { type Choice, SelectField, TextArea, TextField } from "./field";
import { errorText, localInputToIso } from "./format";
import { ErrorNotice } from "./notice";

const userChoices = (users: readonly User[]): Choice[] =>
  users.map((user) => ({
    value: user.id,
    label: `${user.id} (${user.role}${user.active ? "" : ", inactive"})`,
  }));
const roleChoices = (roles: readonly Role[]): Choice[] =>
  roles.map((role) => ({ value: role.appid, label: `${role.name} (${role.appid})` }));

/**
 * Creates a key: for a user (it acts with the user's role) or an app (with a role of its own), with
 * an optional name, expiry and scope. The new key goes to `onIssued`, to be shown once.
 */
export function CreateKeyForm(props: {
  /** Create keys for this user only (the users screen); otherwise the form asks whose. */
  readonly userId?: string;
  /** Known users and roles for the drop-downs; `undefined` when the key may not list them. */
  readonly users?: readonly User[] | undefined;
  readonly roles?: readonly Role[] | undefined;
  readonly onIssued: (issued: IssuedKey) => void;
}) {
  const { client, announce } = useConsole();
  const id = useId();
  const [kind, setKind] = useState<"user" | "app">("user");
  const [chosenUser, setUserId] = useState<string | null>(null);
  const [chosenRole, setRole] = useState<string | null>(null);
  // Until one is chosen, the first of the lists (which may arrive after the form appears).
  const userId = chosenUser ?? props.users?.[0]?.id ?? "";
  const role = chosenRole ?? props.roles?.[0]?.appid ?? "";
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [scope, setScope] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);

  const scopePatterns = patternLines(scope);
  const scopeProblem = scopePatterns.length === 0 ? null : patternsProblem(scopePatterns, "scope");
  const ownerProblem =
    props.userId !== undefined
      ? null
      : kind === "user"
        ? idProblem("User id", userId)
        : idProblem("Role", role);
  const expiresIso = localInputToIso(expires);
  const expiresProblem =
    expires === ""
      ? null
      : expiresIso === null
        ? "Not a valid date and time"
        : Date.parse(expiresIso) <= Date.now()
          ? "Choose a time in the future"
          : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (ownerProblem !== null || scopeProblem !== null || expiresProblem !== null) return;
    const input: NewKey = {
      ...(props.userId !== undefined || kind === "user" ? { userId: props.userId ?? userId } : { role }),
      ...(name.trim() === "" ? {} : { name: name.trim() }),
      ...(expiresIso === null ? {} : { expiresAt: expiresIso }),
      ...(scopePatterns.length === 0 ? {} : { permissions: scopePatterns }),
    };
    setBusy(true);
    setError(null);
    try {
      const issued = await client.createKey(input);
      announce("The key was created.");
      setName("");
      setExpires("");
      setScope("");
      setTouched(false);
      props.onIssued(issued);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>
        {props.userId === undefined ? "Create a key" : `New key for ${props.userId}`}
      </h2>
      {props.userId !== undefined ? null : (
        <fieldset>
          <legend>Whose key</legend>
          <div class="field field-checkbox">
            <input
              id={`${id}-user`}
              type="radio"
              name={`${id}-kind`}
              checked={kind === "user"}
              onChange={() => setKind("user")}
            />
            <label for={`${id}-user`}>A user's key (acts with the user's role)</label>
          </div>
          <div class="field field-checkbox">
            <input
              id={`${id}-app`}
              type="radio"
              name={`${id}-kind`}
              checked={kind === "app"}
              onChange={() => setKind("app")}
            />
            <label for={`${id}-app`}>An app key (acts with a role of its own)</label>
          </div>
        </fieldset>
      )}
      {props.userId !== undefined ? null : kind === "user" ? (
        props.users === undefined ? (
          <TextField
            label="User id"
            value={userId}
            onInput={setUserId}
            error={touched ? ownerProblem : null}
          />
        ) : (
          <SelectField
            label="User"
            value={userId}
            choices={userChoices(props.users)}
            onChange={setUserId}
            error={touched ? ownerProblem : null}
          />
        )
      ) : props.roles === undefined ? (
        <TextField label="Role" value={role} onInput={setRole} error={touched ? ownerProblem : null} />
      ) : (
        <SelectField
          label="Role"
          value={role}
          choices={roleChoices(props.roles)}
          onChange={setRole}
          error={touched ? ownerProblem : null}
        />
      )}
      <TextField
        label="Name (optional)"
        value={name}
        onInput={setName}
        hint="Where the key is used, e.g. “laptop”."
      />
      <TextField
        label="Expires (optional)"
        type="datetime-local"
        value={expires}
        onInput={setExpires}
        hint="Your local time. Leave empty for a key that does not expire."
        error={expiresProblem}
      />
      <TextArea
        label="Scope (optional)"
        value={scope}
        onInput={setScope}
        rows={3}
        hint="One permission a line. The key can do only what both its role and this list allow; empty: all its role allows."
        error={scopeProblem}
      />
      <ErrorNotice message={error} />
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          Create key
        </button>
      </div>
    </form>
  );
}
