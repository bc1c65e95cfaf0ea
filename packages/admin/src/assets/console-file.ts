/** One file of the built console, held in memory so it can be served on any runtime (Workers have no disk). */
export interface ConsoleFile {
  /** Its path below the console's mount point: `index.html`, or `assets/main-<hash>.js` and the like. */
  readonly path: string;
  /** Its `Content-Type`, charset included. */
  readonly contentType: string;
  /** Its content: the console is text only (HTML, JavaScript, CSS). */
  readonly body: string;
  /** Whether its name carries a hash of its content, so it may be cached for good. */
  readonly hashed: boolean;
}
