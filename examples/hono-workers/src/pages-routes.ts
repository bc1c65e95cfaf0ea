import { requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { sitePages } from "../../shared/site-pages";

/**
 * Cockpit's Pages API (`/api/pages/…`), so the snippets on Cockpit's API pages work here with only
 * the host changed. Menus need `pages/menus/read` (the seeded public role has it, so they work
 * without a key too); pages need `pages/pages/read`. Mount it after `apiKeyAuth`.
 * @example
 * ```ts
 * app.use("/api/*", apiKeyAuth(keyward));
 * app.route("/api/pages", pagesRoutes());
 * ```
 */
export function pagesRoutes(): Hono {
  const readMenus = requirePermission("pages/menus/read");
  const readPages = requirePermission("pages/pages/read");
  return new Hono()
    .get("/menus", readMenus, (c) => c.json(sitePages.menus()))
    .get("/menu/:name", readMenus, (c) => {
      const menu = sitePages.menu(c.req.param("name"));
      return menu === null ? c.json({ error: "Menu not found" }, 404) : c.json(menu);
    })
    .get("/pages", readPages, (c) => c.json(sitePages.pages()))
    .get("/page/:id", readPages, (c) => {
      const page = sitePages.page(c.req.param("id"));
      return page === null ? c.json({ error: "Page not found" }, 404) : c.json(page);
    });
}
