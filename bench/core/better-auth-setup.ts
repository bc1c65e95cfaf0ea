import { apiKey } from "@better-auth/api-key";
import { type BetterAuthPlugin, betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";

/** The two server-side endpoints the benchmark calls, typed here once: better-auth's own plugin types
 * do not line up across its package versions under this repo's strict settings. */
interface ApiKeyEndpoints {
  createApiKey(input: { body: { userId: string } }): Promise<{ key: string }>;
  verifyApiKey(input: { body: { key: string } }): Promise<{ valid: boolean }>;
}

interface InternalAdapter {
  createUser(user: { email: string; name: string; emailVerified: boolean }): Promise<{ id: string }>;
}

/**
 * better-auth with its api-key plugin on its memory adapter, holding `count` keys; returns the
 * verify call the benchmark times and one valid key.
 * @param count - how many keys to create
 */
export async function betterAuthWithKeys(count: number) {
  const db: Record<string, unknown[]> = { user: [], session: [], account: [], verification: [], apikey: [] };
  const auth = betterAuth({
    database: memoryAdapter(db),
    secret: "bench-secret-bench-secret-bench-secret",
    baseURL: "http://127.0.0.1",
    plugins: [apiKey({ rateLimit: { enabled: false } }) as unknown as BetterAuthPlugin],
    logger: { disabled: true },
  });
  const api = auth.api as unknown as ApiKeyEndpoints;
  const internal = (await auth.$context).internalAdapter as unknown as InternalAdapter;
  const user = await internal.createUser({ email: "bench@example.com", name: "Bench", emailVerified: true });
  let key = "";
  for (let i = 0; i < count; i++) key = (await api.createApiKey({ body: { userId: user.id } })).key;
  const verify = async () => {
    const result = await api.verifyApiKey({ body: { key } });
    if (!result.valid) throw new Error("better-auth refused its own key: the comparison would be void");
    return result;
  };
  return { verify, key };
}
