/** A note: the content this small API serves. */
export interface Note {
  readonly _id: string;
  readonly _created: string;
  readonly title: string;
}

/** The models this API serves, each a list of notes kept in memory (the keys live in PostgreSQL). */
export const MODELS = ["posts", "drafts"] as const;

/** In-memory content, seeded with one note per model. Restarting the server resets it. */
export function memoryNotes(): {
  list(model: string): Note[] | null;
  add(model: string, title: string): Note | null;
} {
  const byModel = new Map<string, Note[]>(
    MODELS.map((model) => [
      model,
      [{ _id: crypto.randomUUID(), _created: new Date().toISOString(), title: `First of ${model}` }],
    ]),
  );
  return {
    list: (model) => byModel.get(model) ?? null,
    add: (model, title) => {
      const notes = byModel.get(model);
      if (notes === undefined) return null;
      const note = { _id: crypto.randomUUID(), _created: new Date().toISOString(), title };
      notes.push(note);
      return note;
    },
  };
}
