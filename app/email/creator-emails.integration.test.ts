/**
 * The emails creators get, through a real SMTP conversation with the devstore's mail catcher (smtp-server +
 * mailparser, devstore/mail): an approved applicant gets their code, referral link and portal link (nothing
 * "will be sent shortly"); a rejected applicant is told politely; mail comes from the shop's name at the
 * configured address, with the program's Reply-To.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SHOP_DOMAIN } from "../../devstore/config.ts";
import { startSmtpCatcher, type SmtpCatcher } from "../../devstore/mail/start-smtp-catcher.ts";
import { openStateStore, type StateStore } from "../../devstore/state/state-store.ts";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import type { Database } from "../db.server";
import { reviewCreatorApplication } from "../services/creators/review-creator-application.server";
import type { CreatorServiceDeps } from "../services/creators/creator-service-deps.server";
import { submitCreatorApplication } from "../services/creators/submit-creator-application.server";
import { createSmtpMailer } from "./mailer.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "linen-co.myshopify.com";
const MAIL_FROM = "Affable <no-reply@affable.local>";

let db: Database;
let directory: string;
let state: StateStore;
let catcher: SmtpCatcher;
let deps: CreatorServiceDeps;

const mailTo = (address: string) => state.read().mail.filter((message) => message.to.includes(address));

describe.skipIf(postgresUrl === null)("creator emails through SMTP (devstore mail catcher)", () => {
  beforeAll(async () => {
    ({ db } = await createMigratedDatabase(postgresUrl ?? "", "creator_emails"));
    directory = mkdtempSync(path.join(tmpdir(), "affable-mail-"));
    state = openStateStore({ file: path.join(directory, "state.json"), shopDomain: SHOP_DOMAIN });
    catcher = await startSmtpCatcher({ port: 0, state, now: () => new Date(), log: () => undefined });
    await db.shop.create({ data: { shop: SHOP, name: "Linen & Co", currencyCode: "USD", ianaTimezone: "UTC", primaryDomainHost: "linen.example" } });
    await db.programSettings.create({ data: { shop: SHOP, currency: "USD", replyToEmail: "team@linen.example" } });
    deps = {
      db,
      mailer: createSmtpMailer(`smtp://127.0.0.1:${catcher.port}`, MAIL_FROM),
      // Shopify's discount creation is outside this test: the code row it would leave behind is written here.
      createCodeOnApproval: async ({ shop, creatorId }) => {
        const created = await db.discountCode.create({
          data: {
            shop, creatorId, code: "JANE15", codeNormalized: "JANE15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1501",
            valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-01-01T00:00:00Z"),
          },
        });
        return { ok: true, codeId: created.id, code: created.code };
      },
    };
  });
  afterAll(async () => {
    await catcher?.close();
    await db?.$disconnect();
    rmSync(directory, { recursive: true, force: true });
  });

  it("an approved applicant gets their code, referral link and portal link, from the shop's name with the program's Reply-To", async () => {
    const applied = await submitCreatorApplication(db, SHOP, { fields: { name: "Jane Doe", email: "jane@creators.example" }, answers: {} });
    if (!applied.ok) throw new Error("expected an application");
    const creator = await db.creator.findUniqueOrThrow({ where: { id: applied.creatorId } });

    const review = await reviewCreatorApplication(deps, { shop: SHOP, actor: "staff:7", applicationId: applied.applicationId, decision: "approve" });
    expect(review).toMatchObject({ ok: true, notices: [] });

    const [message, ...others] = mailTo("jane@creators.example");
    expect(others).toEqual([]);
    expect(message?.from).toBe("Linen & Co <no-reply@affable.local>");
    expect(message?.replyTo).toBe("team@linen.example");
    expect(message?.subject).toBe("You're in: welcome to the Linen & Co creator program");
    const text = message?.text ?? "";
    expect(text).not.toMatch(/shortly/);
    expect(text).toContain("Your discount code: JANE15");
    expect(text).toContain(`https://linen.example/?ref=${creator.refToken}`);
    expect(text).toContain("https://linen.example/apps/affable/portal");
    expect(message?.html).toContain("JANE15");
  });

  it("a rejected applicant is told politely (without the internal reason); nothing is sent twice", async () => {
    const applied = await submitCreatorApplication(db, SHOP, { fields: { name: "Rex Roe", email: "rex@creators.example" }, answers: {} });
    if (!applied.ok) throw new Error("expected an application");
    const review = await reviewCreatorApplication(deps, { shop: SHOP, actor: "staff:7", applicationId: applied.applicationId, decision: "reject", reason: "Audience too small" });
    expect(review).toMatchObject({ ok: true, changed: [{ id: applied.creatorId }], notices: [] });

    const messages = mailTo("rex@creators.example");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ from: "Linen & Co <no-reply@affable.local>", replyTo: "team@linen.example" });
    expect(messages[0]?.subject).toBe("Your application to the Linen & Co creator program");
    expect(messages[0]?.text).toMatch(/Thank you for applying/);
    expect(messages[0]?.text).not.toContain("Audience too small");
    expect(await db.sentEmail.count({ where: { shop: SHOP, to: "rex@creators.example", template: "creator_rejection" } })).toBe(1);

    // Reviewing again is refused and sends nothing.
    await reviewCreatorApplication(deps, { shop: SHOP, actor: "staff:7", applicationId: applied.applicationId, decision: "reject", reason: "again" });
    expect(mailTo("rex@creators.example")).toHaveLength(1);
  });

  it("without a Reply-To in Settings there is no Reply-To header", async () => {
    await db.programSettings.update({ where: { shop: SHOP }, data: { replyToEmail: null } });
    const applied = await submitCreatorApplication(db, SHOP, { fields: { name: "Nia Noe", email: "nia@creators.example" }, answers: {} });
    if (!applied.ok) throw new Error("expected an application");
    await reviewCreatorApplication(deps, { shop: SHOP, actor: "staff:7", applicationId: applied.applicationId, decision: "reject", reason: "Not a fit" });
    const [message] = mailTo("nia@creators.example");
    expect(message?.from).toBe("Linen & Co <no-reply@affable.local>");
    expect(message?.replyTo ?? null).toBeNull();
  });
});
