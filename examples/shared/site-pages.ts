/** A link of a menu, as Cockpit's Pages API returns it. */
export interface MenuLink {
  readonly title: string;
  readonly url: string;
}

/** A menu in the shape of Cockpit's Pages API: `GET /api/pages/menus`, `GET /api/pages/menu/{name}`. */
export interface Menu {
  readonly _id: string;
  readonly name: string;
  readonly label: string;
  readonly links: readonly MenuLink[];
}

/** A page in the shape of Cockpit's Pages API: `GET /api/pages/pages`, `GET /api/pages/page/{id}`. */
export interface Page {
  readonly _id: string;
  readonly _state: number;
  readonly title: string;
  readonly route: string;
  readonly type: string;
  readonly data: { readonly body: string };
}

// Fixed data: the example is about keys and permissions, so the site's menus and pages are read-only
// and the same on every start.
const MENUS: readonly Menu[] = [
  {
    _id: "menu-main",
    name: "main",
    label: "Main navigation",
    links: [
      { title: "Home", url: "/" },
      { title: "About", url: "/about" },
      { title: "Blog", url: "/blog" },
    ],
  },
  {
    _id: "menu-footer",
    name: "footer",
    label: "Footer",
    links: [{ title: "Imprint", url: "/imprint" }],
  },
];

const PAGES: readonly Page[] = [
  { _id: "page-home", _state: 1, title: "Home", route: "/", type: "layout", data: { body: "Welcome." } },
  {
    _id: "page-about",
    _state: 1,
    title: "About",
    route: "/about",
    type: "layout",
    data: { body: "Pages need a key with pages/pages/read; menus are public." },
  },
];

/** The site's menus and pages, looked up the way Cockpit's Pages API serves them. */
export const sitePages = {
  menus: (): readonly Menu[] => MENUS,
  menu: (name: string): Menu | null => MENUS.find((menu) => menu.name === name) ?? null,
  pages: (): readonly Page[] => PAGES,
  page: (id: string): Page | null => PAGES.find((page) => page._id === id) ?? null,
};
