import { expect, it } from "vitest";
import { createRole, eventually, form, openScreen, shownKey, signIn } from "../console-ui";
import { keyboardScenario } from "../keyboard";
import type { Suite } from "../suite";

const HOSTILE_SCRIPT = "<script>alert(1)</script>";
const HOSTILE_IMG = '"><img src=x onerror=alert(1)>';
const RTL = "محرر المحتوى · עורך תוכן";

/**
 * What keeps the console safe and usable: its URL and policy, names that stay text, Trusted Types, and the keyboard.
 * @param suite - the example and the browser of the suite
 */
export function safetyScenarios(suite: Suite): void {
  it("prints its URL at start and serves the console there", async () => {
    const { server, shot } = suite;
    const page = await suite.open();
    expect(server.consoleUrl).toBe(`${server.url}/admin/`);
    const response = await page.goto(server.consoleUrl);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    await page.getByRole("heading", { level: 1, name: "keyward admin" }).waitFor();
    await shot("sign-in");
  });

  it("renders hostile and right-to-left names as inert text", async () => {
    const { server } = suite;
    const page = await suite.open();
    await signIn(page, server.consoleUrl, server.adminKey);
    await openScreen(page, "Roles");
    await createRole(page, "hostile-5", HOSTILE_SCRIPT, ["content/posts/read"]);
    await createRole(page, "rtl-5", RTL, ["content/posts/read"]);
    expect(await page.locator('tr[data-role="hostile-5"] bdi').textContent()).toBe(HOSTILE_SCRIPT);
    expect(await page.locator('tr[data-role="rtl-5"] bdi').textContent()).toBe(RTL);

    await openScreen(page, "Keys");
    const create = form(page, "Create a key");
    await create.getByLabel("An app key (acts with a role of its own)").check();
    await create.getByLabel("Role", { exact: true }).selectOption("hostile-5");
    await create.getByLabel("Name (optional)").fill(HOSTILE_IMG);
    await create.getByRole("button", { name: "Create key" }).click();
    await shownKey(page);
    const keys = page.getByRole("table", { name: "All keys, newest first" });
    await eventually(() => keys.locator("bdi").allTextContents()).toContain(HOSTILE_IMG);
    // The role's name as an option of the drop-down, the key's name in the panel's label.
    expect(await create.getByLabel("Role", { exact: true }).locator("option").allTextContents()).toEqual(
      expect.arrayContaining([`${HOSTILE_SCRIPT} (hostile-5)`, `${RTL} (rtl-5)`]),
    );
    expect(await page.locator("section.new-key label").textContent()).toContain(HOSTILE_IMG);

    // Nothing became markup: no element came from a name, no script ran, no dialog opened.
    const inert = await page.evaluate(() => ({
      images: document.querySelectorAll("img").length,
      scripts: [...document.scripts].map((script) => script.getAttribute("src")),
      handlers: document.querySelectorAll("[onerror]").length,
    }));
    expect(inert).toEqual({ images: 0, scripts: [expect.stringMatching(/^assets\/main-/)], handlers: 0 });
    expect(suite.watch().dialogs()).toBe(0);
  });

  it("blocks HTML sinks with Trusted Types, and the watch reports the violation", async () => {
    const { server } = suite;
    const page = await suite.open();
    await page.goto(server.consoleUrl);
    await page.getByRole("heading", { level: 1, name: "keyward admin" }).waitFor();
    const outcome = await page.evaluate(() => {
      try {
        document.body.innerHTML = "<img src=x>";
        return "assigned";
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe("TypeError");
    await eventually(() => suite.watch().violations()).toEqual([
      expect.stringContaining("require-trusted-types-for"),
    ]);
    // Provoked here: anything else still fails the test.
    suite.watch().accept(/TrustedHTML|trusted-types/);
  });

  it("works from the keyboard alone: every control reachable, labelled, with a visible focus", async () => {
    const { server, publicRoleIs } = suite;
    const page = await suite.open();
    await publicRoleIs("public");
    await keyboardScenario(page, server.consoleUrl, server.adminKey);
  });
}
