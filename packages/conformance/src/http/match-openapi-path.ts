/** The path template a request path matched, and the values of its parameters. */
export interface PathMatch {
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Finds the OpenAPI path template (`/keys/{id}`) a request path below the mount matches, reading the
 * path as the management API does: one trailing slash ignored, each segment percent-decoded once.
 * Concrete segments win over templated ones, as OpenAPI says. `null` when none matches, or when a
 * segment does not decode (the API answers those 404).
 * @param templates - the document's path templates
 * @param below - the request path below the mount, e.g. `/keys/abc`
 */
export function matchOpenApiPath(templates: readonly string[], below: string): PathMatch | null {
  let bare = below.startsWith("/") ? below.slice(1) : below;
  if (bare.endsWith("/")) bare = bare.slice(0, -1);
  let parts: string[];
  try {
    parts = bare === "" ? [] : bare.split("/").map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
  let best: (PathMatch & { literals: number }) | null = null;
  for (const template of templates) {
    const segments = template === "/" ? [] : template.slice(1).split("/");
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let matches = true;
    segments.forEach((segment, i) => {
      const part = parts[i] as string;
      if (segment.startsWith("{") && segment.endsWith("}")) params[segment.slice(1, -1)] = part;
      else if (segment === part) literals++;
      else matches = false;
    });
    if (matches && (best === null || literals > best.literals)) best = { template, params, literals };
  }
  return best === null ? null : { template: best.template, params: best.params };
}
