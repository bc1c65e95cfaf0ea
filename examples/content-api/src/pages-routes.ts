import { requirePermission } from "@keyward/express";
import { type Request, Router } from "express";
import { sitePages } from "../../shared/site-pages";

const param = (req: Request, name: string): string => {
  const value = req.params[name];
  return typeof value === "string" ? value : "";
};

/**
 * Cockpit's Pages API (`/api/pages/…`), so the snippets on Cockpit's API pages work here with only
 * the host changed. Menus need `pages/menus/read` (the seeded public role has it, so they work
 * without a key too); pages need `pages/pages/read`. Mount it after `apiKeyAuth`.
 * @example
 * ```ts
 * app.use("/api", apiKeyAuth(keyward));
 * app.use("/api/pages", pagesRouter());
 * ```
 */
export function pagesRouter(): Router {
  const router = Router();
  const readMenus = requirePermission("pages/menus/read");
  const readPages = requirePermission("pages/pages/read");

  router.get("/menus", readMenus, (_req, res) => {
    res.json(sitePages.menus());
  });
  router.get("/menu/:name", readMenus, (req, res) => {
    const menu = sitePages.menu(param(req, "name"));
    if (menu === null) res.status(404).json({ error: "Menu not found" });
    else res.json(menu);
  });
  router.get("/pages", readPages, (_req, res) => {
    res.json(sitePages.pages());
  });
  router.get("/page/:id", readPages, (req, res) => {
    const page = sitePages.page(param(req, "id"));
    if (page === null) res.status(404).json({ error: "Page not found" });
    else res.json(page);
  });
  return router;
}
