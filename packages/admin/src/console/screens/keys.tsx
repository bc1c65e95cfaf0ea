import { useState } from "preact/hooks";
import type { IssuedKey, KeyRecord } from "../api/types";
import { useConsole } from "../context";
import { CreateKeyForm } from "../ui/create-key-form";
import { CheckboxField } from "../ui/field";
import { keyState } from "../ui/key-state";
import { KeyTable } from "../ui/key-table";
import { NewKeyPanel } from "../ui/new-key-panel";
import { ErrorNotice } from "../ui/notice";
import { useLoad } from "../ui/use-load";
import { ScreenTitle } from "./screen-title";

const newestFirst = (a: KeyRecord, b: KeyRecord) => b.createdAt.localeCompare(a.createdAt);

/** Keys of every user and app: create (shown once), refresh, revoke, and their state at a glance. */
export function KeysScreen() {
  const { client, can } = useConsole();
  const keys = useLoad(() => client.listKeys(), []);
  const users = useLoad(() => (can.users ? client.listUsers() : Promise.resolve(undefined)), []);
  const roles = useLoad(() => (can.roles ? client.listRoles() : Promise.resolve(undefined)), []);
  const [issued, setIssued] = useState<{ issued: IssuedKey; replaced: boolean } | null>(null);
  const [showInactive, setShowInactive] = useState(true);
  const now = new Date();
  const shown = (keys.value ?? [])
    .filter((record) => showInactive || keyState(record, now) === "active")
    .sort(newestFirst);

  return (
    <>
      <ScreenTitle title="Keys" />
      <p class="lead">
        A user key (<code>USR-…</code>) acts with its user's role; an app key (<code>API-…</code>) with its
        own role. Refreshing a key issues a new secret and the old one stops working at once.
      </p>
      {issued === null ? null : (
        <NewKeyPanel issued={issued.issued} replaced={issued.replaced} onDone={() => setIssued(null)} />
      )}
      {users.loading || roles.loading ? (
        <p>Loading…</p>
      ) : (
        // Drop-downs when the key may list users and roles, text fields otherwise; never one
        // turning into the other while someone types.
        <CreateKeyForm
          users={users.value}
          roles={roles.value}
          onIssued={(next) => {
            setIssued({ issued: next, replaced: false });
            keys.reload();
          }}
        />
      )}
      <ErrorNotice message={keys.error} />
      <CheckboxField
        label="Show revoked and expired keys"
        checked={showInactive}
        onChange={setShowInactive}
      />
      {keys.value === undefined ? (
        <p>Loading keys…</p>
      ) : (
        <KeyTable
          keys={shown}
          caption="All keys, newest first"
          onIssued={(next) => setIssued({ issued: next, replaced: true })}
          onChanged={keys.reload}
        />
      )}
    </>
  );
}
