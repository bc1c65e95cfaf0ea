import { validatePermissionPatterns } from "@keyward/core";

// The API's rule for ids (user ids, role appids): it checks again, this only answers sooner.
const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$/;
const KEY_LIKE = /(?:usr|api)-[0-9a-f]{8}/i;

/**
 * Why an id would be refused, or `null` when it is fine.
 * @param label - what the id is, for the message ("User id")
 * @param value - the input
 */
export function idProblem(label: string, value: string): string | null {
  if (value === "") return `${label} is required`;
  if (KEY_LIKE.test(value)) return `${label} looks like an API key; never paste a key here`;
  if (!ID_PATTERN.test(value))
    return `${label} must be 1-128 letters, digits or _ . : @ + -, not starting with a sign`;
  return null;
}

/** The lines of a permissions text area: one pattern a line, blank lines left out. */
export function patternLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * Why a list of permission patterns would be refused, with core's own rules and message, or `null`.
 * @param patterns - the patterns
 * @param field - the field name the message uses
 */
export function patternsProblem(patterns: readonly string[], field = "permissions"): string | null {
  try {
    validatePermissionPatterns(patterns, field);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
