/**
 * Key material in text: `USR-` or `API-`, in any case and wherever it starts (`xUSR-…` and `"USR-…`
 * included), followed by 8 or more hex characters — a display hint's worth or more.
 */
const KEY_MATERIAL = /(usr|api)-[0-9a-f]{8,}/gi;

/**
 * Replaces everything shaped like a keyward key in `text` with `USR-[redacted]` / `API-[redacted]`.
 * keyward runs every error message it builds through it, so no message can carry a key that a
 * caller pasted into the wrong field; use it too for log lines that may quote request data.
 * @param text - text bound for an error message, a log or a terminal
 * @example
 * ```ts
 * redactKeys('Unknown key "xUSR-3f9a0c1d22…"'); // 'Unknown key "xUSR-[redacted]"'
 * ```
 */
export function redactKeys(text: string): string {
  return text.replace(KEY_MATERIAL, "$1-[redacted]");
}

/** How much of a rejected input an error message may quote: a display hint's length. */
export const MAX_QUOTED_INPUT = 12;

/**
 * Quotes a caller's input for an error message without echoing anything that could be a secret: at
 * most `MAX_QUOTED_INPUT` characters (the length of a key's display hint, `USR-b2a6ef40`),
 * cut with `…` beyond that, and redacted. A 40-hex secret pasted without its prefix, or a hash,
 * is thereby never quoted whole.
 * @param value - the input to quote
 */
export function quoteInput(value: string): string {
  const shown = value.length <= MAX_QUOTED_INPUT ? value : `${value.slice(0, MAX_QUOTED_INPUT)}…`;
  return JSON.stringify(redactKeys(shown));
}
