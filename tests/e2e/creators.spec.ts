import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { appFrame, openApp, removeCreators } from "./support";

async function openCreators(page: Page) {
  await openApp(page);
  await page.getByRole("link", { name: "Creators", exact: true }).first().click();
  await expect(appFrame(page).getByRole("heading", { name: "Creators", exact: true })).toBeVisible();
}

/** The number shown above a result label ("997" above "created"). */
function stat(frame: FrameLocator, label: string) {
  return frame.getByText(label, { exact: true }).locator("xpath=preceding-sibling::*[1]");
}

/** 1,000 creators; rows 101, 502 and 903 are bad (bad email, missing name, duplicate email). */
function thousandRowCsv(): Buffer {
  const lines = ["name,email,handle,instagram,commission_percent"];
  for (let index = 1; index <= 1000; index += 1) {
    const row = index + 1;
    if (row === 101) lines.push(`Bad Email ${index},not-an-email,,,`);
    else if (row === 502) lines.push(`,missing-${index}@example.com,,,`);
    else if (row === 903) lines.push(`Duplicate ${index},e2e1@example.com,,,`);
    else lines.push(`E2E Creator ${index},e2e${index}@example.com,e2e-${index},e2e${index},10`);
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

// Leave the shop without creators, as the other specs expect ("Recruit the creators…" on an empty list).
test.afterAll(removeCreators);

test("a creator added through the form shows up in the list", async ({ page }) => {
  await openCreators(page);
  const frame = appFrame(page);
  await expect(frame.getByText("Recruit the creators who will sell for you")).toBeVisible();
  await frame.getByRole("link", { name: "Add creator" }).first().click();
  await expect(frame.getByRole("heading", { name: "Add creator" })).toBeVisible();

  await frame.getByLabel("Name").fill("Ada Lovelace");
  await frame.getByLabel("Email", { exact: true }).fill("ada@example.com");
  await expect(frame.getByLabel("Handle")).toHaveValue("ada-lovelace");
  await frame.getByRole("button", { name: "Save creator" }).click();
  await expect(frame.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();

  // The same email again: the field says so, nothing is lost.
  await frame.getByRole("link", { name: "Creators" }).first().click();
  await expect(frame.getByRole("cell", { name: "ada@example.com" })).toBeVisible();
  await frame.getByRole("link", { name: "Add creator" }).first().click();
  await frame.getByLabel("Name").fill("Ada Again");
  await frame.getByLabel("Email", { exact: true }).fill("ADA@example.com");
  await frame.getByRole("button", { name: "Save creator" }).click();
  await expect(frame.getByText("A creator with this email already exists")).toBeVisible();
});

test("a 1,000-row CSV imports with progress, reports its 3 bad rows, and re-imports as unchanged", async ({ page }) => {
  await openCreators(page);
  const frame = appFrame(page);
  await frame.getByRole("link", { name: "Import CSV" }).first().click();
  await expect(frame.getByRole("heading", { name: "Import creators" })).toBeVisible();

  const file = { name: "creators.csv", mimeType: "text/csv", buffer: thousandRowCsv() };
  await frame.locator('input[type="file"]').setInputFiles(file);
  await frame.getByRole("button", { name: "Import creators" }).click();
  await expect(frame.getByRole("progressbar")).toBeVisible();
  await expect(frame.getByRole("heading", { name: "Imported creators.csv" })).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByText("1000 of 1000 rows")).toBeVisible();
  await expect(stat(frame, "created")).toHaveText("997");
  await expect(stat(frame, "unchanged (already creators)")).toHaveText("0");
  await expect(stat(frame, "rows with problems")).toHaveText("3");
  for (const row of ["101", "502", "903"]) await expect(frame.getByRole("rowheader", { name: row, exact: true })).toBeVisible();
  await expect(frame.getByText("e2e1@example.com is already on row 2 of this file")).toBeVisible();

  await frame.locator('input[type="file"]').setInputFiles(file);
  await frame.getByRole("button", { name: "Import creators" }).click();
  await expect(stat(frame, "unchanged (already creators)")).toHaveText("997", { timeout: 30_000 });
  await expect(stat(frame, "created")).toHaveText("0");
  await expect(stat(frame, "rows with problems")).toHaveText("3");
});
