// Read by the standard Prisma CLI (where its engines can be downloaded). Offline, `npm run db:migrate`
// (tools/db) applies the same prisma/migrations files without it.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
