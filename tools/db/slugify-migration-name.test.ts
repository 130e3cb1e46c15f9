import { describe, expect, it } from "vitest";
import { slugifyMigrationName } from "./slugify-migration-name.ts";

describe("slugifyMigrationName", () => {
  it.each([
    ["init", "init"],
    ["add creator codes", "add_creator_codes"],
    ["Add Creator Codes", "add_creator_codes"],
    ["addCreatorCodes", "add_creator_codes"],
    ["add-payout   batches!", "add_payout_batches"],
    ["HTMLSnippets2", "html_snippets2"],
    ["Café & crème", "cafe_and_creme"],
    ["don't touch", "dont_touch"],
    ["__already_snake__", "already_snake"],
    ["!!!", ""],
  ])("%j → %j (as prisma migrate dev --name would)", (name, slug) => {
    expect(slugifyMigrationName(name)).toBe(slug);
  });

  it("keeps at most 200 characters, like Prisma", () => {
    expect(slugifyMigrationName("a".repeat(300))).toHaveLength(200);
  });
});
