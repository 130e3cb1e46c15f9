import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, DatabaseConfigError, parseDatabaseUrl, PGLITE_LOCK_FILE } from "../../app/db/database-target.ts";
import { openDatabaseAdapter } from "./adapter.ts";

const ROOT = "/srv/affable";

describe("parseDatabaseUrl", () => {
  it.each([undefined, "", "   "])("uses the embedded default when DATABASE_URL is %j", (raw) => {
    expect(DEFAULT_DATABASE_URL).toBe("pglite:./.data/affable");
    expect(parseDatabaseUrl(raw, ROOT)).toEqual({
      kind: "pglite",
      dataDir: "/srv/affable/.data/affable",
      label: "PGlite at /srv/affable/.data/affable",
    });
  });

  it.each([
    ["pglite:./.data/affable", "/srv/affable/.data/affable"],
    ["pglite:.data/other", "/srv/affable/.data/other"],
    ["pglite:/var/lib/affable", "/var/lib/affable"],
    ["pglite://./.data/affable", "/srv/affable/.data/affable"],
    ["pglite:///var/lib/affable", "/var/lib/affable"],
  ])("reads %s as a data directory (relative to the project root)", (raw, dataDir) => {
    expect(parseDatabaseUrl(raw, ROOT)).toMatchObject({ kind: "pglite", dataDir });
  });

  it.each(["pglite:memory:", "pglite://memory:"])("reads %s as an in-memory database", (raw) => {
    expect(parseDatabaseUrl(raw, ROOT)).toMatchObject({ kind: "pglite", dataDir: undefined });
  });

  it("rejects pglite: without a location", () => {
    expect(() => parseDatabaseUrl("pglite:", ROOT)).toThrow(/after "pglite:" put a directory/);
  });

  it("reads a PostgreSQL URL and keeps the password out of the label", () => {
    const url = "postgres://affable:s3cr%40t@db.internal:6543/affable_prod?sslmode=require";
    expect(parseDatabaseUrl(url, ROOT)).toEqual({
      kind: "postgres",
      url,
      host: "db.internal",
      port: 6543,
      database: "affable_prod",
      label: "postgres://affable@db.internal:6543/affable_prod",
    });
  });

  it("defaults the port to 5432 and accepts postgresql://", () => {
    expect(parseDatabaseUrl("postgresql://127.0.0.1/affable", ROOT)).toMatchObject({
      kind: "postgres",
      port: 5432,
      database: "affable",
      label: "postgres://127.0.0.1/affable",
    });
  });

  it.each([
    ["postgres://", /no host|not a valid URL/],
    ["postgres://user@localhost:5432", /put the database name after the host/],
    ["postgres://user@localhost:5432/", /put the database name after the host/],
    ["postgres://user:p@ss@word@localhost:notaport/db", /not a valid URL/],
  ])("rejects the malformed %s with a hint", (raw, message) => {
    expect(() => parseDatabaseUrl(raw, ROOT)).toThrow(DatabaseConfigError);
    expect(() => parseDatabaseUrl(raw, ROOT)).toThrow(message);
  });

  it("rejects a schema other than public, which the adapters would silently ignore", () => {
    expect(() => parseDatabaseUrl("postgres://localhost/affable?schema=tenant1", ROOT)).toThrow(
      /schema "tenant1", which is not supported/,
    );
    expect(parseDatabaseUrl("postgres://localhost/affable?schema=public", ROOT)).toMatchObject({ kind: "postgres" });
  });

  it.each([
    ["mysql://localhost/affable", /Unsupported DATABASE_URL scheme "mysql:"/],
    ["file:./dev.sqlite", /SQLite is not supported/],
    ["prisma+postgres://accelerate.prisma-data.net/?api_key=x", /Unsupported DATABASE_URL scheme "prisma\+postgres:"/],
    ["./.data/affable", /Unsupported DATABASE_URL scheme in/],
  ])("rejects %s and says what to use instead", (raw, message) => {
    expect(() => parseDatabaseUrl(raw, ROOT)).toThrow(message);
    expect(() => parseDatabaseUrl(raw, ROOT)).toThrow(/postgres:\/\/user:password@127\.0\.0\.1:5432\/affable/);
  });
});

describe("openDatabaseAdapter", () => {
  it("fails fast, asking whether PostgreSQL is running, when nothing listens on the port", async () => {
    const port = await findUnusedPort();
    const target = parseDatabaseUrl(`postgres://affable:secret@127.0.0.1:${port}/affable`, ROOT);

    const opening = openDatabaseAdapter(target, { connectTimeoutMs: 2_000 });

    await expect(opening).rejects.toThrow(DatabaseConfigError);
    await expect(opening).rejects.toThrow(`Is PostgreSQL running at 127.0.0.1:${port}?`);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

function findUnusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 1));
    });
  });
}

describe("openDatabaseAdapter on a PGlite directory", () => {
  it("refuses a directory that another live process holds", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "affable-pglite-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      await writeFile(join(dataDir, PGLITE_LOCK_FILE), `${holder.pid}\n`);

      await expect(openDatabaseAdapter(parseDatabaseUrl(`pglite:${dataDir}`, ROOT))).rejects.toThrow(
        `is in use by process ${holder.pid} (the dev server?)`,
      );
    } finally {
      holder.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
