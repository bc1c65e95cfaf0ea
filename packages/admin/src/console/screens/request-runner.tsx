import { useId, useState } from "preact/hooks";
import { SelectField, TextArea, TextField } from "../ui/field";
import { ErrorNotice } from "../ui/notice";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].map((method) => ({
  value: method,
  label: method,
}));
const MAX_SHOWN = 100_000;

interface Result {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string | null;
  readonly body: string;
}

function pretty(text: string, contentType: string | null): string {
  if (contentType?.includes("json") !== true) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Sends one request to the app's protected API, with a key or none, and shows the status and body
 * (as text), like Cockpit's API playground. Paths stay on this origin; the key typed here lives in
 * this form's state only.
 */
export function RequestRunner() {
  const id = useId();
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("/api/");
  const [key, setKey] = useState("");
  const [body, setBody] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Counts the answers shown, so that a reader (a person's assistive technology, a test) can tell
  // a new answer from the previous one when both say the same.
  const [answers, setAnswers] = useState(0);
  const pathProblem =
    path.startsWith("/") && !path.startsWith("//") ? null : "A path on this site, starting with /";
  const sendsBody = method !== "GET" && method !== "HEAD";

  const send = async (event: Event) => {
    event.preventDefault();
    if (pathProblem !== null) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const headers: Record<string, string> = {};
    if (key.trim() !== "") headers["api-key"] = key.trim();
    if (sendsBody && body.trim() !== "") headers["content-type"] = "application/json";
    try {
      const response = await fetch(path, {
        method,
        headers,
        cache: "no-store",
        credentials: "omit",
        redirect: "manual",
        referrerPolicy: "no-referrer",
        ...(sendsBody && body.trim() !== "" ? { body } : {}),
      });
      const text = await response.text();
      const contentType = response.headers.get("content-type");
      setResult({
        status: response.status,
        statusText: response.type === "opaqueredirect" ? "a redirect (not followed)" : response.statusText,
        contentType,
        body: pretty(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n…` : text, contentType),
      });
    } catch {
      setError("The request failed before an answer came back.");
    } finally {
      setBusy(false);
      setAnswers((count) => count + 1);
    }
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send a request</h2>
      <form onSubmit={send} noValidate>
        <div class="row">
          <SelectField label="Method" value={method} choices={METHODS} onChange={setMethod} />
          <TextField
            label="Path"
            value={path}
            onInput={setPath}
            error={pathProblem}
            placeholder="/api/content/items/posts"
          />
        </div>
        <TextField
          label="API key (leave empty to send none)"
          type="password"
          value={key}
          onInput={setKey}
          hint="Sent in the api-key header. It is kept in this form only, never stored."
        />
        {sendsBody ? <TextArea label="JSON body (optional)" value={body} onInput={setBody} rows={4} /> : null}
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            Send
          </button>
        </div>
      </form>
      <ErrorNotice message={error} />
      <output class="response" aria-live="polite" data-testid="response" data-answers={answers}>
        {result === null ? null : (
          <>
            <p>
              Status: <strong data-testid="response-status">{result.status}</strong> {result.statusText}
            </p>
            <pre data-testid="response-body">{result.body}</pre>
          </>
        )}
      </output>
    </section>
  );
}
