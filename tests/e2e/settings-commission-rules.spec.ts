import { expect, test } from "@playwright/test";
import { appFrame, openApp, SHOP, withTestDatabase } from "./support";

/**
 * Put the program back to its defaults (the next spec expects a plain 10 % program). Like every settings change it
 * is a new version: commissions are priced with the kept copy of the version they accrue under, so an in-place
 * UPDATE that kept the version number would leave the old rules (a $25 cap) in force.
 */
async function resetProgramSettings() {
  await withTestDatabase(async (client) => {
    await client.query(
      `UPDATE "ProgramSettings" SET "defaultCommissionType" = 'percentage', tiers = '[]', "productRates" = '[]', "collectionRates" = '[]',
         "tierPeriod" = 'calendar_month', "capPerOrderMinor" = NULL, "minimumPayoutMinor" = 0, version = version + 1 WHERE shop = $1`,
      [SHOP],
    );
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND action = 'program_settings.updated'`, [SHOP]);
  });
}

test.beforeAll(resetProgramSettings);
test.afterAll(resetProgramSettings);

test("a merchant sets up tiers, a product rate from the catalog, a cap and a minimum payout", async ({ page }) => {
  await openApp(page);
  const frame = appFrame(page);
  await page.getByRole("link", { name: "Settings", exact: true }).first().click();
  await expect(frame.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();

  await frame.getByLabel("Default commission").selectOption("tiered");
  // Switching to tiered starts from one tier at today's rate, from zero.
  await expect(frame.getByLabel("Tier 1: from revenue")).toHaveValue("0");
  await expect(frame.getByLabel("Tier 1: rate")).toHaveValue("10");
  await frame.getByRole("button", { name: "Add tier" }).click();
  await frame.getByLabel("Tier 2: from revenue").fill("50");
  await frame.getByLabel("Tier 2: rate").fill("12.555");
  await frame.getByLabel("Revenue counted over").selectOption("calendar_quarter");

  // The product list comes from the shop's catalog through Admin GraphQL.
  await frame.getByLabel("Find a product").fill("grinder");
  await frame.getByRole("button", { name: "Add Hearth Burr Grinder" }).click();
  await frame.getByLabel("Commission rate for Hearth Burr Grinder").fill("20");
  await frame.getByLabel("Find a collection").fill("best");
  await frame.getByRole("button", { name: "Add Bestsellers" }).click();
  await frame.getByLabel("Commission rate for Bestsellers").fill("15");
  await frame.getByLabel("Most one order can earn").fill("25.00");
  await frame.getByLabel("Minimum payout").fill("50");

  await frame.getByRole("button", { name: "Save", exact: true }).last().click();
  // A percentage with three decimals is refused on its own field, and nothing is saved.
  await expect(frame.getByText("Enter a percentage from 0 to 100 with at most two decimals, such as 12.5.")).toBeVisible();
  await frame.getByLabel("Tier 2: rate").fill("12.5");
  await frame.getByRole("button", { name: "Save", exact: true }).last().click();
  await expect(page.getByText("Program settings saved")).toBeVisible();

  await page.reload();
  await expect(frame.getByLabel("Tier 2: from revenue")).toHaveValue("50.00");
  await expect(frame.getByLabel("Tier 2: rate")).toHaveValue("12.5");
  await expect(frame.getByLabel("Revenue counted over")).toHaveValue("calendar_quarter");
  await expect(frame.getByLabel("Commission rate for Hearth Burr Grinder")).toHaveValue("20");
  await expect(frame.getByLabel("Commission rate for Bestsellers")).toHaveValue("15");
  await expect(frame.getByLabel("Most one order can earn")).toHaveValue("25.00");

  const stored = await withTestDatabase(async (client) =>
    (await client.query(`SELECT tiers, "productRates", "capPerOrderMinor"::text AS cap, "minimumPayoutMinor"::text AS minimum FROM "ProgramSettings" WHERE shop = $1`, [SHOP])).rows[0],
  );
  expect(stored).toMatchObject({
    tiers: [{ minimumRevenueMinor: "0", basisPoints: 1000 }, { minimumRevenueMinor: "5000", basisPoints: 1250 }],
    productRates: [{ title: "Hearth Burr Grinder", basisPoints: 2000 }],
    cap: "2500",
    minimum: "5000",
  });
});
