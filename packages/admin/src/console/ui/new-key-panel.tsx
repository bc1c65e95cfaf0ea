import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { IssuedKey } from "../api/types";
import { useConsole } from "../context";
import { Warning } from "./notice";

/**
 * A key that was just issued, shown this once: a read-only field to select it from, a copy button
 * and the warning that it will not be shown again. Focus moves here when it appears. The key lives
 * in this component's state only and is gone when it is dismissed: it is never stored.
 */
export function NewKeyPanel(props: {
  readonly issued: IssuedKey;
  /** Whether it replaces a key that stopped working (a refresh). */
  readonly replaced: boolean;
  readonly onDone: () => void;
}) {
  const { announce } = useConsole();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyError, setCopyError] = useState<string | null>(null);
  const id = useId();
  const { key, record } = props.issued;
  const owner = record.kind === "user" ? `user ${record.userId ?? "?"}` : `role ${record.role ?? "?"}`;
  useEffect(() => headingRef.current?.focus(), [key]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(key);
      setCopyError(null);
      announce("The key was copied to the clipboard.");
    } catch {
      setCopyError("The browser did not allow copying: select the key in the field and copy it with Ctrl+C.");
    }
  };

  return (
    <section class="new-key" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {props.replaced ? "The refreshed key" : "The new key"}: copy it now
      </h2>
      <Warning id={`${id}-warning`}>
        <p>
          <strong>This is the only time this key is shown.</strong> keyward keeps only a hash of it; if it is
          lost, refresh the key to get a new one.
          {props.replaced ? " The previous secret of this key has stopped working." : ""}
        </p>
      </Warning>
      <div class="field">
        <label for={`${id}-value`}>
          Key for {owner}
          {record.name === null ? "" : ` · ${record.name}`}
        </label>
        <input
          id={`${id}-value`}
          class="key-value"
          type="text"
          readOnly
          value={key}
          spellcheck={false}
          autoComplete="off"
          aria-describedby={`${id}-warning`}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      {copyError === null ? null : (
        <p class="field-error" role="alert">
          {copyError}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button-primary" onClick={copy}>
          Copy key
        </button>
        <button type="button" onClick={props.onDone}>
          I have copied it — hide the key
        </button>
      </div>
    </section>
  );
}
