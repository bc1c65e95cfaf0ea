import { useState } from "preact/hooks";
import type { Role } from "../api/types";
import { useConsole } from "../context";
import { ConfirmButton } from "../ui/confirm-button";
import { errorText } from "../ui/format";
import { ErrorNotice } from "../ui/notice";
import { useLoad } from "../ui/use-load";
import { RoleEditor } from "./role-editor";
import { ScreenTitle } from "./screen-title";

/** Roles: appid, name and permissions; create, edit, delete. */
export function RolesScreen() {
  const { client, config, announce } = useConsole();
  const roles = useLoad(() => client.listRoles(), []);
  const [editing, setEditing] = useState<Role | null>(null);
  // Bumped to give the "create" form a fresh state after each save.
  const [round, setRound] = useState(0);
  const [error, setError] = useState<string | null>(null);

  return (
    <>
      <ScreenTitle title="Roles" />
      <p class="lead">
        A role is a list of permissions. Role <code>{config.superRole}</code> may do everything.
      </p>
      <RoleEditor
        key={editing?.appid ?? `new-${round}`}
        role={editing}
        onSaved={() => {
          setEditing(null);
          setRound(round + 1);
          roles.reload();
        }}
        onCancel={() => setEditing(null)}
      />
      <ErrorNotice message={roles.error ?? error} />
      {roles.value === undefined ? (
        <p>Loading roles…</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Roles</caption>
            <thead>
              <tr>
                <th scope="col">Appid</th>
                <th scope="col">Name</th>
                <th scope="col">Permissions</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {roles.value.map((role) => (
                <tr key={role.appid} data-role={role.appid}>
                  <th scope="row">
                    <code>{role.appid}</code>
                  </th>
                  <td>
                    <bdi>{role.name}</bdi>
                  </td>
                  <td>
                    {role.permissions.length === 0 ? (
                      "none"
                    ) : (
                      <ul class="chips">
                        {role.permissions.map((pattern) => (
                          <li key={pattern}>
                            <code>{pattern}</code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td class="cell-actions">
                    <div class="actions">
                      <button type="button" onClick={() => setEditing(role)}>
                        Edit<span class="visually-hidden"> role {role.appid}</span>
                      </button>
                      <ConfirmButton
                        label="Delete"
                        ariaLabel={`Delete role ${role.appid}`}
                        consequence="Users and keys with this role will be able to do nothing."
                        onConfirm={async () => {
                          setError(null);
                          try {
                            await client.deleteRole(role.appid);
                            announce(`Role ${role.appid} was deleted.`);
                          } catch (failure) {
                            setError(errorText(failure));
                          }
                          roles.reload();
                        }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
