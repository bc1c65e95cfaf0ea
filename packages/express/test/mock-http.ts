import type { NextFunction, Request, Response } from "express";

/** What a middleware did with a mock request: answered, or called next (with or without an error). */
export type MockOutcome =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    }
  | { readonly kind: "next"; readonly error: unknown; readonly req: Request };

/**
 * Runs an Express middleware in-process on a minimal request/response pair, for fast property tests.
 * Only what keyward's middleware touches is implemented.
 * @param middleware - the handler under test
 * @param rawHeaders - flat name/value list, as Node gives it
 * @param url - the request URL
 */
export function runMiddleware(
  middleware: (req: Request, res: Response, next: NextFunction) => void,
  rawHeaders: string[],
  url = "/api/posts",
): Promise<MockOutcome> {
  return new Promise((resolve) => {
    const req = { rawHeaders, url, originalUrl: url, method: "GET" } as unknown as Request;
    let status = 200;
    const headers: Record<string, string> = {};
    const res = {
      headersSent: false,
      status(code: number) {
        status = code;
        return res;
      },
      setHeader(name: string, value: string) {
        headers[name.toLowerCase()] = value;
        return res;
      },
      end(body?: string) {
        res.headersSent = true;
        resolve({ kind: "answer", status, headers, body: body ?? "" });
        return res;
      },
    };
    middleware(req, res as unknown as Response, (error?: unknown) => resolve({ kind: "next", error, req }));
  });
}
