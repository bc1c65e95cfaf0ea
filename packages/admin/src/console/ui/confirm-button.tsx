import { useEffect, useRef, useState } from "preact/hooks";

/**
 * A button for a change that cannot be undone: the first press asks, in the page (no browser
 * dialog), with the consequence spelled out; the second does it. Focus moves to the confirmation
 * and back, so keyboard users follow.
 */
export function ConfirmButton(props: {
  /** The button's text, e.g. "Revoke". */
  readonly label: string;
  /** Its accessible name when the text alone is ambiguous in a list, e.g. "Revoke key laptop". */
  readonly ariaLabel?: string;
  /** What will happen, e.g. "The key stops working at once." */
  readonly consequence: string;
  readonly onConfirm: () => void | Promise<void>;
  readonly disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    // Back to the button, unless what the action did has already taken the focus elsewhere (the
    // new key's panel): the confirmation it was on is gone, so focus would fall to the page.
    else if (
      wasAsking.current &&
      (document.activeElement === null || document.activeElement === document.body)
    )
      openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={openRef}
        type="button"
        class="button-danger"
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <fieldset class="confirm">
      <legend class="visually-hidden">{props.ariaLabel ?? props.label}</legend>
      <span class="confirm-text">{props.consequence}</span>
      <button
        ref={confirmRef}
        type="button"
        class="button-danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}
