import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { eventually, UI_TIMEOUT } from "./console-ui";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** What the focused element must be: its tag, its text (or the start of it), or its label. */
interface Target {
  readonly tag?: string;
  readonly text?: string;
  readonly textStarts?: string;
  readonly label?: string;
}

/** Presses Tab until the focused element matches `target`, and fails after a full round without it. */
async function tabTo(page: Page, target: Target): Promise<void> {
  for (let presses = 0; presses < 150; presses++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate((wanted: Target) => {
      const element = document.activeElement as HTMLInputElement | null;
      if (element === null) return false;
      const text = element.textContent?.trim() ?? "";
      const labels = [...(element.labels ?? [])].map((label) => label.textContent?.trim());
      return (
        (wanted.tag === undefined || element.tagName === wanted.tag) &&
        (wanted.text === undefined || text === wanted.text) &&
        (wanted.textStarts === undefined || text.startsWith(wanted.textStarts)) &&
        (wanted.label === undefined || labels.includes(wanted.label))
      );
    }, target);
    if (found) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(target)}`);
}

interface Reached {
  /** Controls on the screen that Tab never reached. */
  readonly unreached: string[];
  /** Controls that showed no focus outline when reached. */
  readonly invisible: string[];
}

/**
 * Tabs through the whole screen once, from the top: every visible, enabled control must take the
 * focus (for radio groups, the checked radio) and draw a visible outline when it does.
 */
async function tabThroughScreen(page: Page): Promise<Reached> {
  await page.evaluate(() => {
    let index = 0;
    for (const element of document.querySelectorAll("a[href], button, input, select, textarea")) {
      element.setAttribute("data-kbd", String(index++));
    }
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const reached = new Set<string>();
  const invisible: string[] = [];
  let first: string | undefined;
  for (let presses = 0; presses < 300; presses++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (element === null || element === document.body) return null;
      const style = getComputedStyle(element);
      return {
        id: element.getAttribute("data-kbd"),
        text: `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute("aria-label") || "").trim()}"`,
        outline: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
      };
    });
    // The page itself, between the last control and the first: the round goes on from the top.
    if (focused === null || focused.id === null) continue;
    // Back at the first control: a full round. (A date field takes several Tabs, one a part.)
    if (focused.id === first) break;
    first ??= focused.id;
    if (reached.has(focused.id)) continue;
    reached.add(focused.id);
    if (!focused.outline) invisible.push(focused.text);
  }
  const unreached = await page.evaluate(
    (ids: string[]) => {
      const seen = new Set(ids);
      return [...document.querySelectorAll<HTMLElement>("[data-kbd]")]
        .filter((element) => {
          const control = element as HTMLInputElement;
          if (control.disabled || element.getClientRects().length === 0) return false;
          if (control.type === "radio" && !control.checked) return false; // arrows move within a group
          return !seen.has(element.getAttribute("data-kbd") ?? "");
        })
        .map(
          (element) =>
            `${element.tagName.toLowerCase()} "${element.textContent || element.getAttribute("aria-label") || ""}"`,
        );
    },
    [...reached],
  );
  return { unreached, invisible };
}

/** axe-core's WCAG 2 A/AA rules on the screen as it is: every control labelled, contrast, landmarks. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ passes: unknown[]; violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    if (result.passes.length === 0) return ["axe checked nothing"];
    return result.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  });
}

async function checkScreen(page: Page, screen: string): Promise<void> {
  expect(await axeViolations(page), `${screen}: axe`).toEqual([]);
  const reached = await tabThroughScreen(page);
  expect(reached, screen).toEqual({ unreached: [], invisible: [] });
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? "");
}

/**
 * Signs in and uses every screen with the keyboard alone: Tab, typing, Enter and Space, never the
 * mouse. On each screen, every control is reached by Tab, draws a visible focus, and passes axe.
 */
export async function keyboardScenario(page: Page, consoleUrl: string, adminKey: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByRole("heading", { level: 1, name: "keyward admin" }).waitFor();
  await checkScreen(page, "sign-in");
  await tabTo(page, { label: "Management key" });
  await page.keyboard.type(adminKey);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: UI_TIMEOUT });

  const open = async (title: string) => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { tag: "A", text: title });
    await page.keyboard.press("Enter");
    // The screen's heading takes the focus, so the next Tab goes on from the new content.
    await eventually(() => focusedText(page)).toBe(title);
    await checkScreen(page, title);
    await page.getByRole("heading", { level: 1, name: title }).focus();
  };

  await open("Users");
  await tabTo(page, { label: "User id" });
  await page.keyboard.type("keyboard-7");
  await page.keyboard.press("Enter");
  await page.locator('tr[data-user-id="keyboard-7"]').waitFor({ timeout: UI_TIMEOUT });

  await open("Keys");
  await tabTo(page, { label: "Name (optional)" });
  await page.keyboard.type("keyboard key");
  await page.keyboard.press("Enter");
  // The new key's panel takes the focus, and its copy button is next.
  await eventually(() => focusedText(page)).toContain("copy it now");
  await tabTo(page, { tag: "BUTTON", textStarts: "I have copied it" });
  await page.keyboard.press("Space");
  await eventually(() => page.locator("section.new-key").count()).toBe(0);

  await open("Roles");
  await tabTo(page, { label: "Appid" });
  await page.keyboard.type("keyboard-role-7");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Keyboard role");
  await page.keyboard.press("Tab");
  await page.keyboard.type("content/posts/read");
  await tabTo(page, { tag: "BUTTON", text: "Save role" });
  await page.keyboard.press("Enter");
  await page.locator('tr[data-role="keyboard-role-7"]').waitFor({ timeout: UI_TIMEOUT });

  await open("Public role");
  await open("Playground");
  await tabTo(page, { label: "Permission" });
  await page.keyboard.type("content/posts/read");
  await page.keyboard.press("Enter");
  await eventually(() => page.getByTestId("verdict").textContent()).toContain("Allowed");
}
