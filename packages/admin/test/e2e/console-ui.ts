import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { PACKAGE_DIR } from "../ensure-built";

/** How long a UI change may take to show on a loaded machine; it bounds a hang, it asserts no speed. */
export const UI_TIMEOUT = 20_000;

/** Waits until `read` returns what `expected` says (`toBe`), polling. */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: UI_TIMEOUT, interval: 100 });
}

/** Opens the console and signs in with `key`; resolves once the first screen is shown. */
export async function signIn(page: Page, consoleUrl: string, key: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel("Management key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: UI_TIMEOUT });
}

/** Opens a screen from the navigation and waits for its heading. */
export async function openScreen(page: Page, title: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Screens" })
    .getByRole("link", { name: title, exact: true })
    .click();
  await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor({ timeout: UI_TIMEOUT });
}

/** A form by its accessible name (its heading). */
export function form(page: Page, name: string): Locator {
  return page.getByRole("form", { name, exact: true });
}

/** The table row that holds `text` in a table captioned `caption`. */
export function row(page: Page, caption: string, text: string): Locator {
  return page.getByRole("table", { name: caption }).getByRole("row").filter({ hasText: text });
}

/** Creates a user on the users screen. */
export async function createUser(page: Page, id: string, role: string): Promise<void> {
  const create = form(page, "Create a user");
  await create.getByLabel("User id").fill(id);
  await create.getByLabel("Role", { exact: true }).selectOption(role);
  await create.getByRole("button", { name: "Create user" }).click();
  await row(page, "Users", id).first().waitFor({ timeout: UI_TIMEOUT });
}

/** Creates a role on the roles screen. */
export async function createRole(
  page: Page,
  appid: string,
  name: string,
  permissions: string[],
): Promise<void> {
  const editor = form(page, "Create a role");
  await editor.getByLabel("Appid").fill(appid);
  await editor.getByLabel("Name", { exact: true }).fill(name);
  await editor.getByLabel("Permissions").fill(permissions.join("\n"));
  await editor.getByRole("button", { name: "Save role" }).click();
  await page.locator(`tr[data-role="${appid}"]`).waitFor({ timeout: UI_TIMEOUT });
}

/** The key in the panel that shows a new key once, after checking the panel's warning. */
export async function shownKey(page: Page): Promise<string> {
  const panel = page.locator("section.new-key");
  await panel.waitFor({ timeout: UI_TIMEOUT });
  expect(await panel.textContent()).toContain("This is the only time this key is shown.");
  return panel.locator("input.key-value").inputValue();
}

/** Sends one request with the playground's runner; its status and the body as shown. */
export async function runRequest(
  page: Page,
  request: { path: string; key?: string; method?: string },
): Promise<{ status: number; body: string }> {
  const runner = page.getByRole("region", { name: "Send a request" });
  await runner.getByLabel("Method").selectOption(request.method ?? "GET");
  await runner.getByLabel("Path").fill(request.path);
  await runner.getByLabel("API key (leave empty to send none)").fill(request.key ?? "");
  const output = runner.getByTestId("response");
  const before = Number(await output.getAttribute("data-answers"));
  await runner.getByRole("button", { name: "Send" }).click();
  // This request's answer, not the previous one (which may say the same).
  await eventually(async () => Number(await output.getAttribute("data-answers"))).toBe(before + 1);
  const status = runner.getByTestId("response-status");
  return {
    status: Number(await status.textContent()),
    body: (await runner.getByTestId("response-body").textContent()) ?? "",
  };
}

/**
 * Saves a screenshot for the README when `KEYWARD_SCREENSHOTS=1`; otherwise does nothing, so test
 * runs never rewrite tracked files.
 * @param page - the page
 * @param name - file name without extension, e.g. "keys"
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.KEYWARD_SCREENSHOTS !== "1") return;
  const dir = join(PACKAGE_DIR, "docs", "screenshots");
  mkdirSync(dir, { recursive: true });
  // The toast comes and goes with each change: hidden for the picture, so the pictures stay put.
  const toast = (visibility: string) =>
    page.evaluate(
      (value) => document.querySelector<HTMLElement>(".toast")?.style.setProperty("visibility", value),
      visibility,
    );
  await toast("hidden");
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  await toast("visible");
}
