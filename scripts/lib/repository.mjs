// Where the project lives, for package metadata and for links from the docs site back to the sources.

/** The GitHub repository, as a browser URL. */
export const REPOSITORY_URL = "https://github.com/keyward/keyward";

/** The `repository.url` npm expects. */
export const REPOSITORY_GIT_URL = `git+${REPOSITORY_URL}.git`;

/** A folder of the repository on GitHub, e.g. `examples/hono-workers`. */
export function treeUrl(path) {
  return `${REPOSITORY_URL}/tree/HEAD/${path}`;
}
