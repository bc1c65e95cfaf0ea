import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";

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
    plugins: [apiKey({ rateLimit: { enabled: false } })],
    logger: { disabled: true },
  });
  const ctx = await auth.$context;
  const user = await ctx.internalAdapter.createUser({
    email: "bench@example.com",
    name: "Bench",
    emailVerified: true,
  });
  let key = "";
  for (let i = 0; i < count; i++) {
    const created = await auth.api.createApiKey({ body: { userId: user.id } });
    key = created.key;
  }
  return { verify: () => auth.api.verifyApiKey({ body: { key } }), key };
}
