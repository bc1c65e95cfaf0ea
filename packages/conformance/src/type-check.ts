import { dirname } from "node:path";

/** One diagnostic of {@link typeCheck}: where, the TS code, and the message. */
export interface TypeDiagnostic {
  readonly file: string | undefined;
  readonly code: number;
  readonly message: string;
}

/**
 * Type-checks some files as a program of their own, with the compiler options of a tsconfig, and
 * returns every diagnostic. For type tests that must not share a program with the others: global
 * declarations (a second library's `req.auth`, a `ContextVariableMap` entry) would leak into every
 * other type test of a shared one.
 * @param files - the root files, absolute paths
 * @param tsconfig - the tsconfig whose `compilerOptions` apply (its `include` is ignored)
 * @example
 * ```ts
 * expect(await typeCheck([fixture("with-express-jwt.ts")], TSCONFIG)).toEqual([]);
 * ```
 */
export async function typeCheck(files: readonly string[], tsconfig: string): Promise<TypeDiagnostic[]> {
  const ts = (await import("typescript")).default;
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({
    file: diagnostic.file?.fileName,
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  }));
}
