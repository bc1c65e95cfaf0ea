import { expect, it } from "vitest";
import { createUser, eventually, form, openScreen, row, runRequest, shownKey, signIn } from "../console-ui";
import { manage } from "../example-server";
import type { Suite } from "../suite";

/**
 * The keys a console hands out: created and shown once, copied, used, refreshed (the old one refused), revoked; and the signed-in key refreshing itself.
 * @param suite - the example and the browser of the suite
 */
export function keyScenarios(suite: Suite): void {
  it("signs in, creates a user and a key, copies it, calls the API with it; a refresh kills the old key", async () => {
    const { server, options, shot, publicRoleIs } = suite;
    const page = await suite.open();
    await publicRoleIs("public");
    await signIn(page, server.consoleUrl, server.adminKey);
    // The key is in this tab's sessionStorage only: not in localStorage, a cookie or the URL.
    const storage = await page.evaluate(() => ({
      session: Object.values(sessionStorage),
      local: localStorage.length,
      cookie: document.cookie,
      url: location.href,
    }));
    expect(storage).toEqual({ session: [server.adminKey], local: 0, cookie: "", url: server.consoleUrl });
    expect((await page.context().cookies()).length).toBe(0);

    await openScreen(page, "Users");
    await createUser(page, "writer-1", "editor");
    await row(page, "Users", "writer-1").getByRole("button", { name: "Keys of writer-1" }).click();
    const newKey = form(page, "New key for writer-1");
    await newKey.getByLabel("Name (optional)").fill("laptop-1");
    await newKey.getByRole("button", { name: "Create key" }).click();
    const key = await shownKey(page);
    expect(key).toMatch(/^USR-[0-9a-f]{40}$/);
    await page.getByRole("button", { name: "Copy key" }).click();
    await eventually(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await eventually(() => page.locator(".toast").textContent()).toContain("copied");
    await shot("users");
    await page.getByRole("button", { name: /hide the key/ }).click();
    // Shown once: gone from the page once dismissed, and never in storage.
    await eventually(() => page.content().then((html) => html.includes(key))).toBe(false);
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(
      key,
    );

    await openScreen(page, "Playground");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(await runRequest(page, { path: options.paths.protected, key: copied })).toMatchObject({
      status: 200,
    });
    expect((await runRequest(page, { path: options.paths.protected })).status).toBe(401);

    await openScreen(page, "Keys");
    const keyRow = row(page, "All keys, newest first", "laptop-1");
    await keyRow.getByRole("button", { name: "Refresh key laptop-1" }).click();
    await keyRow.getByRole("button", { name: "Yes, refresh" }).click();
    const refreshed = await shownKey(page);
    expect(refreshed).toMatch(/^USR-[0-9a-f]{40}$/);
    expect(refreshed).not.toBe(key);
    expect(await page.locator("section.new-key h2").textContent()).toContain("refreshed key");
    await shot("keys");

    await openScreen(page, "Playground");
    const old = await runRequest(page, { path: options.paths.protected, key });
    expect(old.status).toBe(401);
    expect(JSON.parse(old.body)).toEqual({ error: "Authentication failed" });
    expect((await runRequest(page, { path: options.paths.protected, key: refreshed })).status).toBe(200);

    // At a glance: used once, then revoked.
    await openScreen(page, "Keys");
    await eventually(() => keyRow.locator("td").nth(5).textContent()).not.toBe("never");
    await keyRow.getByRole("button", { name: "Revoke key laptop-1" }).click();
    await keyRow.getByRole("button", { name: "Yes, revoke" }).click();
    await eventually(() => keyRow.textContent()).toContain("Revoked");
    await openScreen(page, "Playground");
    expect((await runRequest(page, { path: options.paths.protected, key: refreshed })).status).toBe(401);
  });

  it("refreshes the signed-in key itself and goes on with the new one, also after a reload", async () => {
    const { server } = suite;
    await manage(server, "PUT", "/users/self-8", { role: "admin", active: true });
    const { key } = (await manage(server, "POST", "/keys", { userId: "self-8" })) as { key: string };
    const page = await suite.open();
    await signIn(page, server.consoleUrl, key);
    await page.getByRole("button", { name: "Refresh my key" }).click();
    await page.getByRole("button", { name: "Yes, refresh my key" }).click();
    const next = await shownKey(page);
    expect(next).not.toBe(key);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([next]);
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const status = async (candidate: string) =>
      (await fetch(`${server.url}/api/keyward/users/self-8`, { headers: { "api-key": candidate } })).status;
    expect([await status(key), await status(next)]).toEqual([401, 200]);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Management key").waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it("creates a key with an expiry and a scope; the scope narrows what it may do", async () => {
    const { server, options } = suite;
    await manage(server, "PUT", "/users/scoped-9", { role: "editor", active: true });
    const page = await suite.open();
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Keys");
    const create = form(page, "Create a key");
    await create.getByLabel("User", { exact: true }).selectOption("scoped-9");
    await create.getByLabel("Name (optional)").fill("scoped-9 widget");
    await create.getByLabel("Expires (optional)").fill("2031-05-01T12:30");
    const scope = create.getByLabel("Scope (optional)");
    await scope.fill("content/**/read");
    await eventually(() => scope.getAttribute("aria-invalid")).toBe("true");
    await scope.fill("content/posts/read");
    await create.getByRole("button", { name: "Create key" }).click();
    const key = await shownKey(page);
    const keyRow = row(page, "All keys, newest first", "scoped-9 widget");
    expect(await keyRow.textContent()).toMatch(/Active · expires .*2031/);
    const { keys } = (await manage(server, "GET", "/keys?userId=scoped-9")) as { keys: object[] };
    // The local time typed in (this machine's zone, the browser's too) as an instant.
    expect(keys).toEqual([
      expect.objectContaining({
        expiresAt: new Date(2031, 4, 1, 12, 30).toISOString(),
        permissions: ["content/posts/read"],
      }),
    ]);

    await openScreen(page, "Playground");
    expect((await runRequest(page, { path: options.paths.public, key })).status).toBe(200);
    // The user's role reads every model; the key's scope only posts.
    expect((await runRequest(page, { path: options.paths.protected, key })).status).toBe(403);
  });
}
