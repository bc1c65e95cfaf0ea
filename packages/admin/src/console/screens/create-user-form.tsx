import { useId, useState } from "preact/hooks";
import type { Role, User } from "../api/types";
import { useConsole } from "../context";
import { idProblem } from "../permissions/validate";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { errorText } from "../ui/format";
import { ErrorNotice } from "../ui/notice";

const roleChoices = (roles: readonly Role[]) =>
  roles.map((role) => ({ value: role.appid, label: `${role.name} (${role.appid})` }));

/** Creates a user: id (checked as typed, and against the users listed), role, active. */
export function CreateUserForm(props: {
  readonly users: readonly User[];
  readonly roles: readonly Role[] | undefined;
  readonly onCreated: () => void;
}) {
  const { client, announce } = useConsole();
  const id = useId();
  const [userId, setUserId] = useState("");
  const [chosenRole, setRole] = useState<string | null>(null);
  const [active, setActive] = useState(true);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = chosenRole ?? props.roles?.[0]?.appid ?? "";
  const taken = props.users.some((user) => user.id === userId)
    ? "A user with this id exists: change it in the list"
    : null;
  const problem = idProblem("User id", userId) ?? taken;
  const roleProblem = idProblem("Role", role);

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (problem !== null || roleProblem !== null) return;
    setError(null);
    try {
      await client.saveUser({ id: userId, role, active });
      announce(`User ${userId} was created.`);
      setUserId("");
      setTouched(false);
      props.onCreated();
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Create a user</h2>
      <TextField label="User id" value={userId} onInput={setUserId} error={touched ? problem : null} />
      {props.roles === undefined ? (
        <TextField label="Role" value={role} onInput={setRole} error={touched ? roleProblem : null} />
      ) : (
        <SelectField label="Role" value={role} choices={roleChoices(props.roles)} onChange={setRole} />
      )}
      <CheckboxField label="Active (its keys work)" checked={active} onChange={setActive} />
      <ErrorNotice message={error} />
      <div class="actions">
        <button type="submit" class="button-primary">
          Create user
        </button>
      </div>
    </form>
  );
}
