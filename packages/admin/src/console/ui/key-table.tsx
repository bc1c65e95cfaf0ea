import { useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { IssuedKey, KeyRecord } from "../api/types";
import { useConsole } from "../context";
import { ConfirmButton } from "./confirm-button";
import { errorText, formatDate } from "./format";
import { keyOwner, keyState } from "./key-state";
import { ErrorNotice } from "./notice";

function Status({ record, now }: { record: KeyRecord; now: Date }) {
  const state = keyState(record, now);
  if (state === "revoked") {
    return <span class="badge badge-revoked">Revoked {formatDate(record.revokedAt!)}</span>;
  }
  if (state === "expired") {
    return <span class="badge badge-expired">Expired {formatDate(record.expiresAt!)}</span>;
  }
  return (
    <span class="badge badge-active">
      Active{record.expiresAt === null ? "" : ` · expires ${formatDate(record.expiresAt)}`}
    </span>
  );
}

/**
 * Keys at a glance (state, last use, scope) with their refresh and revoke buttons. A refresh hands
 * its new key to `onIssued`; both send the record's version, so a key changed elsewhere since the
 * list was read is not touched (412) and the list is read again.
 */
export function KeyTable(props: {
  readonly keys: readonly KeyRecord[];
  readonly caption: string;
  readonly onIssued: (issued: IssuedKey) => void;
  readonly onChanged: () => void;
}) {
  const { client, announce } = useConsole();
  const [error, setError] = useState<string | null>(null);
  const now = new Date();
  const act = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 412
          ? "This key changed since the list was read (refreshed or revoked elsewhere): nothing was done, and the list was read again."
          : errorText(failure),
      );
    }
    props.onChanged();
  };
  if (props.keys.length === 0) return <p class="empty">No keys yet.</p>;
  return (
    <div class="table-wrap">
      <ErrorNotice message={error} />
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Owner</th>
            <th scope="col">Key starts with</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Scope</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((record) => {
            const state = keyState(record, now);
            const label = record.name ?? record.start;
            return (
              <tr key={record.id} data-key-id={record.id}>
                <td>
                  <bdi>{record.name ?? "—"}</bdi>
                </td>
                <td>
                  <bdi>{keyOwner(record)}</bdi>
                </td>
                <td>
                  <code>{record.start}…</code>
                </td>
                <td>
                  <Status record={record} now={now} />
                </td>
                <td>{formatDate(record.createdAt)}</td>
                <td>{record.lastUsedAt === null ? "never" : formatDate(record.lastUsedAt)}</td>
                <td>
                  {record.permissions === null ? (
                    "role's permissions"
                  ) : (
                    <ul class="chips">
                      {record.permissions.map((pattern) => (
                        <li key={pattern}>
                          <code>{pattern}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td class="cell-actions">
                  <div class="actions">
                    {state === "active" ? (
                      <ConfirmButton
                        label="Refresh"
                        ariaLabel={`Refresh key ${label}`}
                        consequence="A new secret is issued and the current one stops working at once."
                        onConfirm={() =>
                          act(async () => {
                            const issued = await client.refreshKey(record);
                            props.onIssued(issued);
                            announce("The key was refreshed; its previous secret no longer works.");
                          })
                        }
                      />
                    ) : null}
                    {state === "revoked" ? null : (
                      <ConfirmButton
                        label="Revoke"
                        ariaLabel={`Revoke key ${label}`}
                        consequence="The key stops working at once, for good."
                        onConfirm={() =>
                          act(async () => {
                            await client.revokeKey(record);
                            announce("The key was revoked.");
                          })
                        }
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
