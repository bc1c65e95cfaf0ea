import { useState } from "preact/hooks";
import type { IssuedKey, Role, User } from "../api/types";
import { useConsole } from "../context";
import { CreateKeyForm } from "../ui/create-key-form";
import { KeyTable } from "../ui/key-table";
import { NewKeyPanel } from "../ui/new-key-panel";
import { ErrorNotice } from "../ui/notice";
import { useLoad } from "../ui/use-load";

/** One user's keys, opened from the users list: the list, the new key shown once, and a form for another. */
export function UserKeys({
  user,
  roles,
}: {
  readonly user: User;
  readonly roles: readonly Role[] | undefined;
}) {
  const { client } = useConsole();
  const keys = useLoad(() => client.listKeys({ userId: user.id }), [user.id]);
  const [issued, setIssued] = useState<{ issued: IssuedKey; replaced: boolean } | null>(null);
  return (
    <div class="user-keys">
      {issued === null ? null : (
        <NewKeyPanel issued={issued.issued} replaced={issued.replaced} onDone={() => setIssued(null)} />
      )}
      <ErrorNotice message={keys.error} />
      {keys.value === undefined ? (
        <p>Loading keys…</p>
      ) : (
        <KeyTable
          keys={keys.value}
          caption={`Keys of ${user.id}`}
          onIssued={(next) => setIssued({ issued: next, replaced: true })}
          onChanged={keys.reload}
        />
      )}
      <CreateKeyForm
        userId={user.id}
        roles={roles}
        onIssued={(next) => {
          setIssued({ issued: next, replaced: false });
          keys.reload();
        }}
      />
    </div>
  );
}

/** Users: create one, set its role, activate or deactivate it, remove it, and see its keys. */
