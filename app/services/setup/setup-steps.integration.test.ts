/**
 * The dashboard's setup steps against PostgreSQL and the local Shopify (in-process devstore): each step goes away
 * when it is done (settings saved, a first creator, the app embed switched on in the theme editor stand-in) or
 * dismissed; dismissing is per shop and idempotent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setAppEmbed } from "../../../devstore/storefront/app-embed-settings";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../../../devstore/test-support/create-test-devstore";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import type { Database } from "../../db.server";
import { dismissSetupStep, loadSetupSteps } from "./setup-steps.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "setup-a.myshopify.com";
const OTHER_SHOP = "setup-b.myshopify.com";
let db: Database;
let devstore: TestDevstore;
let token: string;
const admin = () => ({ graphql: (query: string) => devstore.graphql(query, { token }) });
const shown = async (shop = SHOP) => (await loadSetupSteps(db, shop, admin(), "api-key-1")).map((step) => step.id);

describe.skipIf(postgresUrl === null)("setup steps (PostgreSQL + devstore)", () => {
  beforeAll(async () => {
    ({ db } = await createMigratedDatabase(postgresUrl ?? "", "setup_steps"));
    devstore = createTestDevstore({ scopes: [...TEST_APP.scopes, "read_themes"] });
    token = (await devstore.offlineToken()).access_token;
    for (const shop of [SHOP, OTHER_SHOP]) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
      await db.programSettings.create({ data: { shop, currency: "USD" } });
    }
  });
  afterAll(async () => {
    devstore?.cleanup();
    await db?.$disconnect();
  });

  it("each step disappears when done, the embed one with a deep link into the theme editor", async () => {
    const steps = await loadSetupSteps(db, SHOP, admin(), "api-key-1");
    expect(steps.map((step) => step.id)).toEqual(["commission_rule", "first_creator", "theme_embed"]);
    expect(steps[2]?.action).toEqual({
      content: "Open the theme editor", external: true,
      url: `https://${SHOP}/admin/themes/current/editor?context=apps&activateAppId=api-key-1/referral-capture`,
    });

    await db.programSettings.update({ where: { shop: SHOP }, data: { version: 2 } });
    expect(await shown()).toEqual(["first_creator", "theme_embed"]);
    await db.creator.create({ data: { shop: SHOP, handle: "ann", name: "Ann", email: "ann@example.com", refToken: "r_ann", status: "approved" } });
    expect(await shown()).toEqual(["theme_embed"]);
    setAppEmbed(devstore.context, { enabled: true });
    expect(await shown()).toEqual([]);
    setAppEmbed(devstore.context, { enabled: false });
    expect(await shown()).toEqual(["theme_embed"]);
  });

  it("a dismissed step stays hidden for that shop only; dismissing twice keeps one entry", async () => {
    await dismissSetupStep(db, SHOP, "theme_embed");
    await dismissSetupStep(db, SHOP, "theme_embed");
    expect(await shown()).toEqual([]);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).dismissedSetupSteps).toEqual(["theme_embed"]);
    expect(await shown(OTHER_SHOP)).toEqual(["commission_rule", "first_creator", "theme_embed"]);
  });

  it("when the theme cannot be read (no read_themes), the embed step stays", async () => {
    const limited = createTestDevstore({ scopes: TEST_APP.scopes });
    const limitedToken = (await limited.offlineToken()).access_token;
    const steps = await loadSetupSteps(db, OTHER_SHOP, { graphql: (query: string) => limited.graphql(query, { token: limitedToken }) }, "k");
    expect(steps.find((step) => step.id === "theme_embed")?.body).toMatch(/could not check/);
    limited.cleanup();
  });
});
