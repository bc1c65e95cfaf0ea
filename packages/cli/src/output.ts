/** Where a command writes. Injected so tests can run the CLI in process. */
export interface CliIo {
  /** Results: tables, JSON, the freshly issued key. */
  readonly stdout: (text: string) => void;
  /** Diagnostics: errors, hints, the "shown once" warning. */
  readonly stderr: (text: string) => void;
}

/**
 * Formats rows as an aligned table with a header line. Cells are single-line: control characters
 * (which ids cannot hold, but a driver's message could) are replaced so a cell cannot forge a row.
 * @param header - column titles
 * @param rows - one array of cells per row, in header order
 * @example
 * ```ts
 * table(["ID", "ROLE"], [["alice", "editor"]]); // "ID     ROLE\nalice  editor\n"
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (cell: string) => cell.replace(/\p{Cc}/gu, "?");
  const all = [header, ...rows].map((row) => row.map(clean));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/**
 * A date for humans: ISO 8601 in UTC to the second, or `-` for none.
 * @param date - the date, or null
 */
export function formatDate(date: Date | null): string {
  return date === null ? "-" : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Serialises a result for `--json`: dates as ISO strings, two-space indentation, trailing newline.
 * @param value - the result
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
