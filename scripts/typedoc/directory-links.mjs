// A TypeDoc plugin for links to folders in Markdown (`[@keyward/hono](../hono)`), which GitHub renders
// as the folder's README, but which TypeDoc can only copy as a file, and fails on. Once the packages are
// merged into one project: a link to a package's folder goes to that package's page, and a link to any
// other folder (an example, docs/) goes to that folder on GitHub.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "../lib/packages.mjs";
import { treeUrl } from "../lib/repository.mjs";

/** @param {import("typedoc").Application} app */
export function load(app) {
  // "reviveProject": fired once the packages are merged into one project, before validation.
  app.on("reviveProject", (project) => {
    const files = project.files;
    const external = new Map();
    for (const [id, path] of [...files.mediaToPath.entries()]) {
      if (files.mediaToReflection.has(id) || !isDirectory(path)) continue;
      const pkg = packageModule(project, path);
      if (pkg) files.mediaToReflection.set(id, pkg.id);
      else external.set(id, treeUrl(relative(ROOT, path).replaceAll("\\", "/")));
    }
    if (external.size === 0) return;
    for (const parts of displayPartLists(project)) {
      for (const [index, part] of parts.entries()) {
        if (part.kind === "relative-link" && external.has(part.target)) {
          parts[index] = { kind: "text", text: external.get(part.target) };
        }
      }
    }
    for (const id of external.keys()) {
      const path = files.mediaToPath.get(id);
      files.mediaToPath.delete(id);
      files.pathToMedia.delete(path);
    }
  });
}

/** Every list of comment parts that Markdown links can sit in: readmes, documents, comments. */
function* displayPartLists(project) {
  for (const reflection of [project, ...Object.values(project.reflections)]) {
    if (reflection.readme) yield reflection.readme;
    if (reflection.content) yield reflection.content;
    const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
    for (const comment of comments) {
      if (!comment) continue;
      yield comment.summary;
      for (const tag of comment.blockTags) yield tag.content;
    }
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function packageModule(project, dir) {
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  const { name } = JSON.parse(readFileSync(manifestPath, "utf8"));
  return project.children?.find((child) => child.name === name);
}
