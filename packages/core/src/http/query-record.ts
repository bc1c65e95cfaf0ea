/**
 * The query parameters of a request target as the management handler takes them: a repeated name
 * becomes a list. `URLSearchParams` in every adapter, so each framework hands core the same values
 * (their own query parsers decode malformed input differently).
 * @param url - the request target (path and query), or an absolute URL
 * @example
 * ```ts
 * queryRecord("/keys?role=editor&role=admin&userId=alice"); // { role: ["editor", "admin"], userId: "alice" }
 * ```
 */
export function queryRecord(url: string): Record<string, string | string[]> {
  const start = url.indexOf("?");
  const query: Record<string, string | string[]> = {};
  if (start === -1) return query;
  const params = new URLSearchParams(url.slice(start + 1));
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}
