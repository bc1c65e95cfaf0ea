import { createClient } from "redis";
import { describeCliFlow } from "./cli-flow";

const url = process.env.KEYWARD_TEST_REDIS_URL;

describeCliFlow(
  "keyward binary on Redis",
  url === undefined
    ? null
    : async () => {
        // Own prefix per run, so parallel runs and other suites never see each other's keys.
        const prefix = `keyward-cli:${process.pid}:${Date.now().toString(36)}:`;
        const target = new URL(url);
        target.searchParams.set("prefix", prefix);
        return {
          url: target.href,
          cleanup: async () => {
            const client = await createClient({ url }).connect();
            try {
              for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
                if (batch.length > 0) await client.del(batch);
              }
            } finally {
              await client.close();
            }
          },
        };
      },
  "KEYWARD_TEST_REDIS_URL is not set",
);
