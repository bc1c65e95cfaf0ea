import type Database from "better-sqlite3";

/** A content item in Cockpit's shape: system fields start with `_`. */
export interface ContentItem {
  readonly _id: string;
  readonly _model: string;
  readonly _created: string;
  readonly title: string;
  readonly body: string;
}

/**
 * The models this API serves. Anything else is 404, as in Cockpit. (`pages` is a content model like
 * `posts`; the site's menus and pages of Cockpit's Pages API, `/api/pages/…`, are separate.)
 */
export const MODELS = ["posts", "pages"] as const;

// Model names become permission names (`content/<model>/read`): keep them to one plain segment.
const MODEL_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * Whether a name from the request can be a model at all. Anything else is 404 before any permission
 * check, over REST and GraphQL alike: it would not make a valid permission name.
 */
export function isModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}

/** Whether a model exists. */
export function isModel(model: string): boolean {
  return (MODELS as readonly string[]).includes(model);
}

/** The content the example serves, in the same SQLite file as keyward's tables. */
export interface ContentStore {
  list(model: string): ContentItem[];
  get(model: string, id: string): ContentItem | null;
  create(model: string, fields: { title: string; body: string }): ContentItem;
  count(): number;
}

interface Row {
  id: string;
  model: string;
  created: string;
  title: string;
  body: string;
}

const toItem = (row: Row): ContentItem => ({
  _id: row.id,
  _model: row.model,
  _created: row.created,
  title: row.title,
  body: row.body,
});

/**
 * Content items in a table of their own (`content_items`) next to keyward's `keyward_*` tables.
 * @param db - the app's better-sqlite3 database
 */
export function sqliteContentStore(db: Database.Database): ContentStore {
  db.exec(`CREATE TABLE IF NOT EXISTS content_items (
    id TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    created TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS content_items_model ON content_items (model, created);`);
  const list = db.prepare<[string], Row>("SELECT * FROM content_items WHERE model = ? ORDER BY created, id");
  const get = db.prepare<[string, string], Row>("SELECT * FROM content_items WHERE model = ? AND id = ?");
  const insert = db.prepare<[string, string, string, string, string]>(
    "INSERT INTO content_items (id, model, created, title, body) VALUES (?, ?, ?, ?, ?)",
  );
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM content_items");
  return {
    list: (model) => list.all(model).map(toItem),
    get: (model, id) => {
      const row = get.get(model, id);
      return row === undefined ? null : toItem(row);
    },
    create: (model, fields) => {
      const row: Row = {
        id: crypto.randomUUID(),
        model,
        created: new Date().toISOString(),
        title: fields.title,
        body: fields.body,
      };
      insert.run(row.id, row.model, row.created, row.title, row.body);
      return toItem(row);
    },
    count: () => count.get()?.n ?? 0,
  };
}

/**
 * Validates the fields of a new item. Returns an error message naming the field, or the fields.
 * @param data - the `data` object of the request (Cockpit's `{ "data": { … } }`)
 */
export function parseItemFields(data: unknown): { title: string; body: string } | string {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return 'The body must be {"data": {"title": "…", "body": "…"}}';
  }
  const { title, body = "" } = data as { title?: unknown; body?: unknown };
  if (typeof title !== "string" || title.trim() === "" || title.length > 200) {
    return "data.title must be a non-empty string of at most 200 characters";
  }
  if (typeof body !== "string" || body.length > 10_000) {
    return "data.body must be a string of at most 10000 characters";
  }
  return { title, body };
}
