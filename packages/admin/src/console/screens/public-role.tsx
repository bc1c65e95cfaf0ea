import { useState } from "preact/hooks";
import type { Role } from "../api/types";
import { useConsole } from "../context";
import { publicReach } from "../permissions/plain-words";
import { SelectField, TextField } from "../ui/field";
import { errorText } from "../ui/format";
import { ErrorNotice, Warning } from "../ui/notice";
import { useLoad } from "../ui/use-load";
import { ScreenTitle } from "./screen-title";

const OFF = "";

/** What choosing `appid` as the public role would let everyone do, in plain words. */
function Reach({ appid, roles, id }: { appid: string; roles: readonly Role[] | undefined; id: string }) {
  if (appid === OFF) {
    return (
      <Warning id={id}>
        <p>Requests without a key will be refused (401). Only callers with a key will get anything.</p>
      </Warning>
    );
  }
  const role = roles?.find((candidate) => candidate.appid === appid);
  if (role === undefined) {
    return (
      <Warning id={id}>
        <p>
          {roles === undefined
            ? "This key cannot read roles, so the console cannot say what this role allows."
            : "There is no such role."}{" "}
          Whatever role <code>{appid}</code> allows, anyone will be able to do without a key.
        </p>
      </Warning>
    );
  }
  const reach = publicReach(role.permissions);
  return (
    <Warning id={id}>
      <p>
        <strong>Anyone who can reach your API — any browser, script or bot, with no key at all —</strong> will
        be able to:
      </p>
      {reach.can.length === 0 ? (
        <p>nothing (the role has no permissions).</p>
      ) : (
        <ul>
          {reach.can.map((words) => (
            <li key={words}>
              <bdi>{words}</bdi>
            </li>
          ))}
        </ul>
      )}
      {reach.never.length === 0 ? null : (
        <>
          <p>except:</p>
          <ul>
            {reach.never.map((words) => (
              <li key={words}>
                <bdi>{words}</bdi>
              </li>
            ))}
          </ul>
        </>
      )}
      {reach.manages === null ? null : (
        <p>
          This role grants <code>{reach.manages}</code>: the API will refuse it, since nobody without a key
          may manage keyward.
        </p>
      )}
    </Warning>
  );
}

/** The public role: what requests without a key may do, or off. */
export function PublicRoleScreen() {
  const { client, can, announce } = useConsole();
  const current = useLoad(() => client.getPublicRole(), []);
  const roles = useLoad(() => (can.roles ? client.listRoles() : Promise.resolve(undefined)), []);
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = choice ?? current.value ?? OFF;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const role = await client.setPublicRole(selected === OFF ? null : selected);
      announce(role === null ? "The public role is off." : `The public role is now ${role}.`);
      setChoice(null);
      current.reload();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const choices = [
    { value: OFF, label: "Off — refuse requests without a key" },
    ...(roles.value ?? []).map((role) => ({ value: role.appid, label: `${role.name} (${role.appid})` })),
  ];
  return (
    <>
      <ScreenTitle title="Public role" />
      <p class="lead">Requests that carry no key act with the public role. Without one, they are refused.</p>
      <ErrorNotice message={current.error} />
      <p class="current" data-testid="public-role-now">
        {current.value === undefined ? (
          "Loading…"
        ) : current.value === null ? (
          "Now: off. Requests without a key are refused."
        ) : (
          <>
            Now: requests without a key act with role <code>{current.value}</code>.
          </>
        )}
      </p>
      <form class="card" onSubmit={save} aria-label="Set the public role" noValidate>
        {roles.value === undefined && !roles.loading ? (
          <TextField
            label="Public role (appid; empty for off)"
            value={selected}
            onInput={(value) => setChoice(value.trim())}
            hint={<Reach appid={selected} roles={undefined} id="public-reach" />}
          />
        ) : (
          <SelectField
            label="Public role"
            value={selected}
            choices={choices}
            onChange={setChoice}
            hint={<Reach appid={selected} roles={roles.value} id="public-reach" />}
          />
        )}
        <ErrorNotice message={error} />
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy || selected === (current.value ?? OFF)}>
            {selected === OFF ? "Switch the public role off" : "Make this the public role"}
          </button>
        </div>
      </form>
    </>
  );
}
