import type { Keyward } from "@keyward/core";

/**
 * On the first start only (no roles and no users yet): roles `admin`, `editor`, `public` (reads
 * posts and the site's menus, as a website without a key would), `public` as the public role, the
 * user `admin` and a key for it, returned so the server can print it once. Later starts return
 * `null`.
 * @param keyward - the instance
 */
export async function seedOnFirstStart(keyward: Keyward): Promise<string | null> {
  if ((await keyward.roles.list()).length > 0 || (await keyward.users.list()).length > 0) return null;
  await keyward.roles.save({ appid: "admin", name: "Administrator", permissions: ["**"] });
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/*/read", "content/*/create", "pages/*/read"],
  });
  await keyward.roles.save({
    appid: "public",
    name: "Public API",
    permissions: ["content/posts/read", "pages/menus/read"],
  });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "admin", role: "admin", active: true });
  return (await keyward.keys.create({ userId: "admin", name: "first start" })).key;
}
