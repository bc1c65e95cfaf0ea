import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { useConsole } from "../context";
import { ConfirmButton } from "../ui/confirm-button";
import { errorText } from "../ui/format";
import { ErrorNotice } from "../ui/notice";
import { useLoad } from "../ui/use-load";
import { CreateUserForm } from "./create-user-form";
import { RoleChanger } from "./role-changer";
import { ScreenTitle } from "./screen-title";
import { UserKeys } from "./user-keys";

export function UsersScreen() {
  const { client, can, announce } = useConsole();
  const users = useLoad(() => client.listUsers(), []);
  const roles = useLoad(() => (can.roles ? client.listRoles() : Promise.resolve(undefined)), []);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const change = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await what();
      announce(done);
    } catch (failure) {
      setError(errorText(failure));
    }
    users.reload();
  };

  return (
    <>
      <ScreenTitle title="Users" />
      <p class="lead">A user's keys act with the user's role. An inactive user's keys are refused.</p>
      <ErrorNotice message={users.error ?? error} />
      {roles.loading ? null : (
        <CreateUserForm users={users.value ?? []} roles={roles.value} onCreated={users.reload} />
      )}
      {/* The role columns are drop-downs once the roles are known: wait for them, not to swap controls. */}
      {users.value === undefined || roles.loading ? (
        <p>Loading users…</p>
      ) : users.value.length === 0 ? (
        <p class="empty">No users yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.value.map((user) => (
                <Fragment key={user.id}>
                  <tr data-user-id={user.id}>
                    <th scope="row">
                      <bdi>{user.id}</bdi>
                    </th>
                    <td>
                      <RoleChanger
                        key={user.role}
                        user={user}
                        roles={roles.value}
                        onSave={(role) =>
                          change(
                            () => client.saveUser({ ...user, role }),
                            `${user.id} now has the role ${role}.`,
                          )
                        }
                      />
                    </td>
                    <td>
                      <span class={user.active ? "badge badge-active" : "badge badge-revoked"}>
                        {user.active ? "Active" : "Inactive"}
                      </span>
                    </td>
                    <td class="cell-actions">
                      <div class="actions">
                        <button
                          type="button"
                          onClick={() =>
                            change(
                              () => client.saveUser({ ...user, active: !user.active }),
                              `${user.id} is now ${user.active ? "inactive" : "active"}.`,
                            )
                          }
                        >
                          {user.active ? "Deactivate" : "Activate"}
                          <span class="visually-hidden"> {user.id}</span>
                        </button>
                        {can.keys ? (
                          <button
                            type="button"
                            aria-expanded={open === user.id}
                            onClick={() => setOpen(open === user.id ? null : user.id)}
                          >
                            Keys<span class="visually-hidden"> of {user.id}</span>
                          </button>
                        ) : null}
                        <ConfirmButton
                          label="Remove"
                          ariaLabel={`Remove user ${user.id}`}
                          consequence="The user is removed and its keys stop working."
                          onConfirm={() =>
                            change(() => client.deleteUser(user.id), `User ${user.id} was removed.`)
                          }
                        />
                      </div>
                    </td>
                  </tr>
                  {open === user.id ? (
                    <tr class="row-detail">
                      <td colSpan={4}>
                        <UserKeys user={user} roles={roles.value} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
