import type { Database } from "../../db.server";
import type { Mailer } from "../../email/mailer.server";

export type CodeCreationResult =
  | { ok: true; codeId: string; code: string }
  | { ok: false; errors: Array<{ field?: string; message: string }> };

/** Everything the creator services reach out to; routes build it with buildCreatorServiceDeps(). */
export interface CreatorServiceDeps {
  db: Database;
  /** null when SMTP_URL is not set: emails are recorded with that error and nothing else stops. */
  mailer: Mailer | null;
  /**
   * Creates the creator's discount code in Shopify right after approval, or null when the program does not
   * create codes on approval (ProgramSettings.autoCreateCodeOnApproval) or code creation is not available.
   */
  createCodeOnApproval: ((input: { shop: string; creatorId: string; actor: string }) => Promise<CodeCreationResult>) | null;
  /**
   * The creator's discounts in Shopify following the creator: switched off on pause/rejection and back on at
   * re-approval, retitled on a rename. Absent where Shopify cannot be reached (then nothing is synced).
   */
  shopifyCodes?: CreatorShopifyCodes;
}

export type CodeSyncOutcome = { changed: string[]; failures: Array<{ code: string; message: string }> };

export interface CreatorShopifyCodes {
  setLive(input: { shop: string; creatorId: string; actor: string; live: boolean; reason?: "creator_paused" | "creator_rejected" }): Promise<CodeSyncOutcome>;
  retitle(input: { shop: string; creatorId: string; actor: string; name: string }): Promise<CodeSyncOutcome>;
}
