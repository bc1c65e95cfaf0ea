import { createClient } from "redis";
import { describeCliFlow } from "./cli-flow";

const url = process.env.KEYWARD_TEST_REDIS_URL;

describeCliFlow(
  "keyward binary on Redis",
  url ? undefined : "KEYWARD_TEST_REDIS_URL is not set",
  async () => {
    const server = url as string;
    // Own prefix per run, so parallel runs and other suites never see each other's keys.
    const prefix = `keyward-cli:${process.pid}:${Date.now().toString(36)}:`;
    const target = new URL(server);
    target.searchParams.set("prefix", prefix);
    return {
      url: target.href,
      cleanup: async () => {
        const client = await createClient({ url: server }).connect();
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
);
