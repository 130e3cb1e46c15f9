// The checksum Prisma stores in _prisma_migrations.checksum: SHA-256 of migration.sql, lower-case hex.
// Matching follows the schema engine (schema-connector/src/checksum.rs), so we flag exactly the files
// `prisma migrate status` would flag: line endings don't count (git may rewrite them), and very old Prisma
// versions stored the hex without zero-padding.
import { createHash } from "node:crypto";

const CHECKSUM_LENGTH = 64;

export function computeMigrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

export function matchesMigrationChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      recorded !== "" && recorded.length !== CHECKSUM_LENGTH
        ? Array.from(digest, (byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return rendered === recorded;
  });
}
