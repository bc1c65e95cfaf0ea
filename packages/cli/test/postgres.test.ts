import pg from "pg";
import { describeCliFlow } from "./cli-flow";

const url = process.env.KEYWARD_TEST_PG_URL;

describeCliFlow(
  "keyward binary on PostgreSQL",
  url === undefined
    ? null
    : async () => {
        // Own schema per run, so parallel runs and other suites never see each other's rows.
        const schema = `keyward_cli_${process.pid}_${Date.now().toString(36)}`;
        const target = new URL(url);
        target.searchParams.set("schema", schema);
        return {
          url: target.href,
          cleanup: async () => {
            const pool = new pg.Pool({ connectionString: url, max: 1 });
            try {
              await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
            } finally {
              await pool.end();
            }
          },
        };
      },
  "KEYWARD_TEST_PG_URL is not set",
);
