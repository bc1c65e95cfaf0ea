import { type HttpAnswer, jsonAnswer } from "../../answers";
import { managementOpenApiDocument } from "./openapi-document";

let served: HttpAnswer | undefined;

/**
 * The answer to `GET <mount>/openapi.json`: the document with its default options, serialised once
 * on first use (it never changes while the process runs) and shared by every instance.
 */
export function openApiAnswer(): HttpAnswer {
  served ??= jsonAnswer(200, "ok", managementOpenApiDocument());
  return served;
}
