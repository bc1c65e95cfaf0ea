// The smoke every app runs: a keyward instance on the memory store with an `admin` (super) role and
// a `reader` role, one key each, and two guarded routes: GET /api/posts needs `posts/read`,
// GET /api/drafts needs `posts/write`. Plain JavaScript with no imports, so that Node, Bun, Deno and
// a Workers bundle all load it as is.

/** Roles and keys. @returns {Promise<{admin: string, reader: string}>} */
export async function seed(keyward) {
  await keyward.roles.save({ appid: "admin", name: "Administrator", permissions: [] });
  await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["posts/read"] });
  const admin = (await keyward.keys.create({ role: "admin", name: "smoke admin" })).key;
  const reader = (await keyward.keys.create({ role: "reader", name: "smoke reader" })).key;
  return { admin, reader };
}

/** A requester over real HTTP (fetch) to `baseUrl`. */
export function httpRequester(baseUrl) {
  return async (path, key) => {
    const response = await fetch(baseUrl + path, { headers: key === null ? {} : { "api-key": key } });
    return { status: response.status, body: await response.text() };
  };
}

/**
 * Sends each case through `request(path, key)` and prints one line per case and a summary.
 * @returns {Promise<number>} how many cases failed
 */
export async function runChecks(label, request, keys) {
  const cases = [
    ["admin key → 200", "/api/posts", keys.admin, 200],
    ["no key → 401", "/api/posts", null, 401, '{"error":"Authentication required"}'],
    ["unknown key → 401", "/api/posts", `USR-${"0".repeat(40)}`, 401, '{"error":"Authentication failed"}'],
    ["reader key, permission held → 200", "/api/posts", keys.reader, 200],
    [
      "reader key, permission missing → 403",
      "/api/drafts",
      keys.reader,
      403,
      '{"error":"Permission denied"}',
    ],
    ["admin key, any permission → 200", "/api/drafts", keys.admin, 200],
  ];
  let failed = 0;
  for (const [name, path, key, status, body] of cases) {
    let outcome;
    try {
      outcome = await request(path, key);
    } catch (error) {
      outcome = { status: `error ${error?.message ?? error}`, body: "" };
    }
    const ok = outcome.status === status && (body === undefined || outcome.body === body);
    if (!ok) failed++;
    const detail = ok ? "" : `: got ${outcome.status} ${outcome.body.slice(0, 120)}`;
    console.log(`    ${ok ? "ok  " : "FAIL"} ${name}${detail}`);
  }
  console.log(`  ${label}: ${cases.length - failed}/${cases.length} checks passed`);
  return failed;
}
