import { useId, useState } from "preact/hooks";
import type { KeyRecord, User } from "../api/types";
import { useConsole } from "../context";
import { explainWithKey, explainWithoutKey, type Verdict } from "../permissions/explain";
import { SelectField, TextField } from "../ui/field";
import { errorText } from "../ui/format";
import { keyLabel, keyState } from "../ui/key-state";
import { ErrorNotice } from "../ui/notice";
import { useLoad } from "../ui/use-load";

const NO_KEY = "";

/**
 * "May this key (or no key) do this, and which rule decides?" Worked out in the page from what the
 * management API shows (roles, the public role, the key's owner and scope), with the server's own
 * matcher and order of checks; the request runner below asks the server itself.
 */
export function PermissionCheck() {
  const { client, can, config } = useConsole();
  const id = useId();
  const keys = useLoad(
    () => (can.keys ? client.listKeys() : Promise.resolve([] as readonly KeyRecord[])),
    [],
  );
  const [keyId, setKeyId] = useState(NO_KEY);
  const [permission, setPermission] = useState("");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Counts the checks answered: a new verdict can say the same as the previous one.
  const [answers, setAnswers] = useState(0);
  const missing = [
    can.roles ? null : "keyward/roles/manage (to read the roles' rules)",
    can.settings ? null : "keyward/settings/manage (to read the public role)",
  ].filter((need) => need !== null);

  const check = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setVerdict(null);
    if (permission.trim() === "") {
      setError("Enter a permission, e.g. content/posts/read");
      return;
    }
    try {
      const [roles, publicRole] = await Promise.all([client.listRoles(), client.getPublicRole()]);
      const world = {
        roles,
        publicRole,
        superRole: config.superRole,
        publicInherits: config.publicInherits,
        now: new Date(),
      };
      const record = keys.value?.find((candidate) => candidate.id === keyId);
      if (record === undefined) {
        setVerdict(explainWithoutKey(world, permission.trim()));
        return;
      }
      let owner: User | null = null;
      if (record.kind === "user" && record.userId !== null) {
        if (!can.users)
          throw new Error("Explaining a user's key needs keyward/users/manage, to read the user's role.");
        owner = (await client.listUsers()).find((user) => user.id === record.userId) ?? null;
      }
      setVerdict(explainWithKey(world, record, owner, permission.trim()));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setAnswers((count) => count + 1);
    }
  };

  const now = new Date();
  const choices = [
    { value: NO_KEY, label: "No key — the public role" },
    ...(keys.value ?? [])
      .filter((record) => keyState(record, now) !== "revoked")
      .map((record) => ({ value: record.id, label: keyLabel(record) })),
  ];
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Check a permission</h2>
      {missing.length > 0 ? (
        <p class="hint">
          This check reads the roles and the public role; this key lacks {missing.join(" and ")}.
        </p>
      ) : (
        <form onSubmit={check} noValidate>
          <SelectField
            label="Act as"
            value={keyId}
            choices={choices}
            onChange={setKeyId}
            hint={
              can.keys
                ? undefined
                : "Listing keys needs keyward/keys/manage: only the public role can be checked."
            }
          />
          <TextField
            label="Permission"
            value={permission}
            onInput={setPermission}
            placeholder="content/posts/read"
          />
          <div class="actions">
            <button type="submit" class="button-primary">
              Check
            </button>
          </div>
        </form>
      )}
      <ErrorNotice message={error} />
      <output class="verdict" aria-live="polite" data-testid="verdict" data-answers={answers}>
        {verdict === null ? null : (
          <>
            <strong class={verdict.allowed ? "badge badge-active" : "badge badge-revoked"}>
              {verdict.allowed ? "Allowed" : `Denied (${verdict.status})`}
            </strong>{" "}
            <span>{verdict.because}.</span>
          </>
        )}
      </output>
      <p class="hint">
        Worked out in this page from the rules the management API shows, the way the server decides. The
        request runner below asks the server itself.
      </p>
    </section>
  );
}
