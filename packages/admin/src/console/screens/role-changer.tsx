import { useId, useState } from "preact/hooks";
import type { Role, User } from "../api/types";

/** A user's role in the users list: a drop-down (text when roles cannot be listed) and its own button. */
export function RoleChanger(props: {
  readonly user: User;
  readonly roles: readonly Role[] | undefined;
  readonly onSave: (role: string) => void;
}) {
  const id = useId();
  const [role, setRole] = useState(props.user.role);
  return (
    <span class="inline-form">
      <label class="visually-hidden" for={id}>
        Role of {props.user.id}
      </label>
      {props.roles === undefined ? (
        <input
          id={id}
          type="text"
          value={role}
          spellcheck={false}
          onInput={(event) => setRole(event.currentTarget.value)}
        />
      ) : (
        <select id={id} value={role} onChange={(event) => setRole(event.currentTarget.value)}>
          {props.roles.some((known) => known.appid === props.user.role) ? null : (
            <option value={props.user.role}>{props.user.role} (missing role)</option>
          )}
          {props.roles.map((known) => (
            <option key={known.appid} value={known.appid}>
              {known.name} ({known.appid})
            </option>
          ))}
        </select>
      )}
      <button type="button" disabled={role === props.user.role} onClick={() => props.onSave(role)}>
        Set role<span class="visually-hidden"> of {props.user.id}</span>
      </button>
    </span>
  );
}
