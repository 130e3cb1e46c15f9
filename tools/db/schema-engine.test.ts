import { describe, expect, it } from "vitest";
import { stripEngineSpanTrace } from "./schema-engine.ts";

describe("stripEngineSpanTrace", () => {
  it("keeps the message and drops the Rust span trace", () => {
    const message = [
      "external connector error",
      'Error querying the database: ERROR: relation "A" already exists',
      "   0: sql_schema_connector::apply_migration::apply_script",
      '           with migration_name="20260102000000_b"',
      "             at schema-engine/connectors/sql-schema-connector/src/apply_migration.rs:113",
    ].join("\n");

    expect(stripEngineSpanTrace(message)).toBe(
      'external connector error\nError querying the database: ERROR: relation "A" already exists',
    );
  });

  it("leaves messages without a trace alone", () => {
    expect(stripEngineSpanTrace("P3009 migrate found failed migrations")).toBe("P3009 migrate found failed migrations");
  });
});
