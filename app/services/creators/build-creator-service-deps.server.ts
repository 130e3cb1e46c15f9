import type { Database } from "../../db.server";
import { getMailer } from "../../email/mailer.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { createCreatorCode } from "../codes-links/create-creator-code.server";
import type { CreatorServiceDeps, CreatorShopifyCodes } from "./creator-service-deps.server";
import { retitleCreatorCodes, setCreatorCodesLive } from "../codes-links/manage-creator-code.server";
import { loadProgramSettings } from "../program/program-settings.server";

/** The creator services' dependencies for one admin request: mail from env, code creation per program settings. */
export async function buildCreatorServiceDeps(db: Database, shop: string, admin: AdminGraphqlClient): Promise<CreatorServiceDeps> {
  const settings = await loadProgramSettings(db, shop);
  return {
    db,
    mailer: getMailer(),
    createCodeOnApproval: settings.autoCreateCodeOnApproval ? (input) => createCreatorCode({ db, admin }, input) : null,
    shopifyCodes: buildShopifyCodes(db, admin),
  };
}

export function buildShopifyCodes(db: Database, admin: AdminGraphqlClient): CreatorShopifyCodes {
  return {
    setLive: (input) => setCreatorCodesLive({ db, admin }, input),
    retitle: (input) => retitleCreatorCodes({ db, admin }, input),
  };
}

/** For an explicit "Create code" retry, whatever the program's automatic setting says. */
export function buildCodeRetryDeps(db: Database, admin: AdminGraphqlClient): CreatorServiceDeps {
  return { db, mailer: null, createCodeOnApproval: (input) => createCreatorCode({ db, admin }, input), shopifyCodes: buildShopifyCodes(db, admin) };
}
