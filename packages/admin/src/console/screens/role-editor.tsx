import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Role } from "../api/types";
import { useConsole } from "../context";
import { idProblem, patternLines, patternsProblem } from "../permissions/validate";
import { TextArea, TextField } from "../ui/field";
import { errorText } from "../ui/format";
import { ErrorNotice } from "../ui/notice";

const nameProblem = (name: string): string | null =>
  name.trim() === "" ? "Name is required" : name.length > 200 ? "Name must be at most 200 characters" : null;

/**
 * Creates or edits a role: appid, name, and its permissions one a line, checked as they are typed
 * with the same rules (and words) as the API; what the API still refuses is shown as it said it.
 */
export function RoleEditor(props: {
  /** The role to edit, or `null` for a new one. */
  readonly role: Role | null;
  readonly onSaved: (role: Role) => void;
  readonly onCancel: () => void;
}) {
  const { client, config, announce } = useConsole();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [appid, setAppid] = useState(props.role?.appid ?? "");
  const [name, setName] = useState(props.role?.name ?? "");
  const [permissions, setPermissions] = useState((props.role?.permissions ?? []).join("\n"));
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = props.role !== null;
  useEffect(() => {
    if (editing) headingRef.current?.focus();
  }, [editing, props.role?.appid]);

  const patterns = patternLines(permissions);
  const problems = {
    appid: editing ? null : idProblem("Appid", appid),
    name: nameProblem(name),
    permissions: patternsProblem(patterns),
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (problems.appid !== null || problems.name !== null || problems.permissions !== null) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await client.saveRole({ appid, name: name.trim(), permissions: patterns });
      announce(`Role ${saved.appid} was saved.`);
      props.onSaved(saved);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {editing ? `Edit role ${props.role?.appid}` : "Create a role"}
      </h2>
      <TextField
        label="Appid"
        value={appid}
        onInput={setAppid}
        readOnly={editing}
        hint={
          editing
            ? "A role's appid cannot change."
            : "Its id, e.g. editor: 1-128 letters, digits or _ . : @ + -."
        }
        error={touched ? problems.appid : null}
      />
      <TextField label="Name" value={name} onInput={setName} error={touched ? problems.name : null} />
      <TextArea
        label="Permissions"
        value={permissions}
        onInput={setPermissions}
        rows={6}
        hint={
          <>
            One a line. <code>*</code> matches one part, a trailing <code>**</code> everything below, and a
            leading <code>!</code> denies (a deny beats any allow), e.g. <code>content/*/read</code>.
            {appid === config.superRole
              ? ` Role ${config.superRole} is the super role: it may do everything.`
              : ""}
          </>
        }
        error={problems.permissions}
      />
      <ErrorNotice message={error} />
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          Save role
        </button>
        {editing ? (
          <button type="button" onClick={props.onCancel}>
            Cancel editing
          </button>
        ) : null}
      </div>
    </form>
  );
}
