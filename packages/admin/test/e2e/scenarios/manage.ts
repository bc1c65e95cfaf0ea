import { expect, it } from "vitest";
import { createUser, eventually, form, openScreen, row, runRequest, signIn } from "../console-ui";
import { manage } from "../example-server";
import type { Suite } from "../suite";

/**
 * Users, roles, the public role, the playground's explanations, and what a key that manages keys only may see.
 * @param suite - the example and the browser of the suite
 */
export function manageScenarios(suite: Suite): void {
  it("sets a user's role, activates and deactivates it, and removes it", async () => {
    const { server } = suite;
    const page = await suite.open();
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Users");
    await createUser(page, "mover-2", "editor");
    const userRow = row(page, "Users", "mover-2");
    await userRow.getByLabel("Role of mover-2").selectOption("public");
    await userRow.getByRole("button", { name: "Set role of mover-2" }).click();
    await eventually(() => manage(server, "GET", "/users/mover-2")).toMatchObject({ role: "public" });
    await userRow.getByRole("button", { name: "Deactivate mover-2" }).click();
    await eventually(() => userRow.textContent()).toContain("Inactive");
    expect(await manage(server, "GET", "/users/mover-2")).toMatchObject({ active: false });
    await userRow.getByRole("button", { name: "Activate mover-2" }).click();
    await eventually(() => manage(server, "GET", "/users/mover-2")).toMatchObject({ active: true });
    await userRow.getByRole("button", { name: "Remove user mover-2" }).click();
    await userRow.getByRole("button", { name: "Yes, remove" }).click();
    await eventually(() => userRow.count()).toBe(0);
  });

  it("edits roles: inline validation as you type, and the API's own refusal as it said it", async () => {
    const { server, shot, publicRoleIs } = suite;
    const page = await suite.open();
    await publicRoleIs("public");
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Roles");
    const editor = form(page, "Create a role");
    await editor.getByLabel("Appid").fill("reviewer-3");
    await editor.getByLabel("Name", { exact: true }).fill("Reviewer");
    const permissions = editor.getByLabel("Permissions");
    await permissions.fill("content/**/read");
    // Core's rules and words, before anything is sent.
    await eventually(() => permissions.getAttribute("aria-invalid")).toBe("true");
    expect(await editor.locator(".field-error").textContent()).toMatch(/invalid pattern at index 0/);
    await permissions.fill("content/*/read\n!content/secret/read");
    await eventually(() => permissions.getAttribute("aria-invalid")).toBeNull();
    await editor.getByRole("button", { name: "Save role" }).click();
    await page.locator('tr[data-role="reviewer-3"]').waitFor();
    expect(await manage(server, "GET", "/roles/reviewer-3")).toEqual({
      appid: "reviewer-3",
      name: "Reviewer",
      permissions: ["content/*/read", "!content/secret/read"],
    });

    // Valid patterns the API still refuses: the public role may never manage keyward.
    await page.locator('tr[data-role="public"]').getByRole("button", { name: "Edit role public" }).click();
    const edit = form(page, "Edit role public");
    const list = await edit.getByLabel("Permissions").inputValue();
    await edit.getByLabel("Permissions").fill(`${list}\nkeyward/keys/manage`);
    await edit.getByRole("button", { name: "Save role" }).click();
    await eventually(() => edit.getByRole("alert").textContent()).toContain(
      "cannot grant keyward/keys/manage",
    );
    await shot("roles");
    expect(await manage(server, "GET", "/roles/public")).not.toMatchObject({
      permissions: expect.arrayContaining(["keyward/keys/manage"]),
    });
  });

  it("switches the public role off and on, saying first in plain words what anyone could do", async () => {
    const { server, options, shot, publicRoleIs } = suite;
    const page = await suite.open();
    await publicRoleIs("public");
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Public role");
    const now = page.getByTestId("public-role-now");
    await eventually(() => now.textContent()).toContain("act with role public");
    const picker = page.getByLabel("Public role", { exact: true });
    const warning = page.locator("#public-reach");
    expect(await warning.textContent()).toMatch(/Anyone who can reach your API.*with no key at all/);
    expect(await warning.locator("li").allTextContents()).toEqual(["content/posts/read", "pages/menus/read"]);
    await shot("public-role");

    await picker.selectOption("");
    await eventually(() => warning.textContent()).toContain("Requests without a key will be refused");
    await page.getByRole("button", { name: "Switch the public role off" }).click();
    await eventually(() => now.textContent()).toContain("Now: off");
    await openScreen(page, "Playground");
    expect((await runRequest(page, { path: options.paths.public })).status).toBe(401);

    await openScreen(page, "Public role");
    await page.getByLabel("Public role", { exact: true }).selectOption("public");
    await eventually(() => page.locator("#public-reach li").allTextContents()).toContain(
      "content/posts/read",
    );
    await page.getByRole("button", { name: "Make this the public role" }).click();
    await eventually(() => page.getByTestId("public-role-now").textContent()).toContain(
      "act with role public",
    );
    await openScreen(page, "Playground");
    expect((await runRequest(page, { path: options.paths.public })).status).toBe(200);
  });

  it("explains in the playground which rule allows or denies a permission, with a key or none", async () => {
    const { server, options, shot, publicRoleIs } = suite;
    const page = await suite.open();
    await publicRoleIs("public");
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Playground");
    const check = page.getByRole("region", { name: "Check a permission" });
    const verdict = check.getByTestId("verdict");
    const explain = async (actAs: string | { label: RegExp }, permission: string) => {
      if (typeof actAs === "string") await check.getByLabel("Act as").selectOption(actAs);
      else {
        const label = (await check.locator("option").allTextContents()).find((text) =>
          actAs.label.test(text),
        );
        await check.getByLabel("Act as").selectOption({ label: label ?? "none" });
      }
      await check.getByLabel("Permission").fill(permission);
      const before = Number(await verdict.getAttribute("data-answers"));
      await check.getByRole("button", { name: "Check" }).click();
      await eventually(async () => Number(await verdict.getAttribute("data-answers"))).toBe(before + 1);
      return verdict.textContent();
    };
    expect(await explain("", "content/posts/read")).toBe(
      "Allowed rule “content/posts/read” of role “public” allows it.",
    );
    expect(await explain("", "content/pages/read")).toBe("Denied (401) no rule of role “public” matches it.");
    expect(await explain({ label: /first start/ }, "anything/at/all")).toBe(
      "Allowed role “admin” is the super role.",
    );
    const answer = await runRequest(page, { path: options.paths.public });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(expect.any(Array));
    await shot("playground");
  });

  it("shows a keys-only manager its keys and no role editor, users or public role", async () => {
    const { server } = suite;
    await manage(server, "PUT", "/roles/keymaster-6", {
      name: "Key manager",
      permissions: ["keyward/keys/manage", "content/**"],
    });
    await manage(server, "PUT", "/users/kim-6", { role: "keymaster-6", active: true });
    const { key } = (await manage(server, "POST", "/keys", { userId: "kim-6" })) as { key: string };
    const page = await suite.open();
    await signIn(page, server.consoleUrl, key);
    const nav = page.getByRole("navigation", { name: "Screens" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Keys", "Playground"]);
    expect(await page.locator(".manages").textContent()).toBe("This key manages: keys");
    await page.getByRole("heading", { level: 1, name: "Keys" }).waitFor();
    // Typed in, since this key may not list users or roles.
    expect(await form(page, "Create a key").getByLabel("User id").count()).toBe(1);
    await page.goto(`${server.consoleUrl}#/roles`);
    await page.getByRole("heading", { level: 1, name: "Not available" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("needs keyward/roles/manage");
    expect(await page.getByRole("button", { name: "Save role" }).count()).toBe(0);
    expect(await page.getByLabel("Permissions").count()).toBe(0);
  });
}
