import type { HttpAnswer } from "@keyward/core/adapter";
import type { Response } from "express";

/**
 * Sends a core answer as it is: status, headers and the pre-serialised body, byte for byte. `res.end`
 * rather than `res.send`, so Express adds no ETag and no second Content-Type.
 * @param res - the response
 * @param answer - the answer from core
 */
export function sendAnswer(res: Response, answer: HttpAnswer): void {
  // Another handler answered already (e.g. a timeout middleware): writing again would throw.
  if (res.headersSent) return;
  res.status(answer.status);
  for (const name in answer.headers) res.setHeader(name, answer.headers[name]!);
  if (answer.body === undefined) res.end();
  else res.end(answer.body);
}
