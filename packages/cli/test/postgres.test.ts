import pg from "pg";
import { describeCliFlow } from "./cli-flow";

const url = process.env.KEYWARD_TEST_PG_URL;

describeCliFlow(
  "keyward binary on PostgreSQL",
  url ? undefined : "KEYWARD_TEST_PG_URL is not set",
  async () => {
    const server = url as string;
    // Own schema per run, so parallel runs and other suites never see each other's rows.
    const schema = `keyward_cli_${process.pid}_${Date.now().toString(36)}`;
    const target = new URL(server);
    target.searchParams.set("schema", schema);
    return {
      url: target.href,
      cleanup: async () => {
        const pool = new pg.Pool({ connectionString: server, max: 1 });
        try {
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await pool.end();
        }
      },
    };
  },
);
