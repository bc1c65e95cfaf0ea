import type { Keyward } from "@keyward/core";
import type { ContentStore } from "./content-store";

/**
 * On the first start only (no roles and no users yet): the roles `admin`, `editor` and `public`,
 * `public` as the public role (it reads posts and the site's menus, as a website without a key
 * would), the user `admin`, a few items, and a key for `admin`, returned so the server can print it
 * once. Later starts find data and return `null`: the key is never shown again.
 * @param keyward - the instance
 * @param content - the content store
 */
export async function seedOnFirstStart(keyward: Keyward, content: ContentStore): Promise<string | null> {
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
  if (content.count() === 0) {
    content.create("posts", { title: "Hello, keyward", body: "Readable without a key: posts are public." });
    content.create("posts", { title: "Keys and roles", body: "USR- keys act with their user's role." });
    content.create("pages", { title: "About", body: "Pages need a key with content/pages/read." });
  }
  const { key } = await keyward.keys.create({ userId: "admin", name: "first start" });
  return key;
}
