/**
 * Everything the app does on its own schedule: the webhook inbox's processor, outbound webhook delivery, creator
 * CSV imports, the approval of commissions whose holding period has passed, the payout schedule (scheduled payout runs),
 * the payout job (sending and checking payout runs) and the nightly risk scan (history fraud rules). server.ts starts
 * them once per server, in a child
 * process at a lower CPU priority when the database is PostgreSQL (so processing never holds up the answers Shopify
 * waits for) and in the server's own process on the embedded database, which only one process may open.
 * `remix vite:dev` starts them in its process (app/entry.server.tsx).
 */
import db from "../db.server";
import { startOutboundWebhookWorker } from "../outbound-webhooks/start-outbound-webhook-worker.server";
import { backfillCreatorIdentityKeys } from "../services/creators/creator-identity-keys.server";
import { upgradeLegacyCustomerEmailHashes } from "../services/compliance/upgrade-customer-email-hashes.server";
import { startWebhookWorker } from "../webhooks/start-webhook-worker.server";
import { startApprovalJob } from "./start-approval-job.server";
import { startCreatorImportJob } from "./start-creator-import-job.server";
import { startPayoutJob } from "./start-payout-job.server";
import { startPayoutScheduleJob } from "./start-payout-schedule-job.server";
import { startRiskScanJob } from "./start-risk-scan-job.server";

/** Starts them; the function returned stops them and resolves once the webhook run under way has ended. */
export function startBackgroundJobs(): () => Promise<void> {
  // Once per start, idempotent: customer email hashes from before they were keyed become keyed.
  upgradeLegacyCustomerEmailHashes(db)
    .then((changed) => {
      if (changed > 0) console.info(`Upgraded ${changed} customer email hash(es) to the keyed form.`);
    })
    .catch((error: unknown) => console.error("Upgrading legacy customer email hashes failed; it is retried at the next start", error));
  // Once per start, idempotent: payout destinations and TINs saved before their identity keys existed get them.
  backfillCreatorIdentityKeys(db)
    .then(({ payoutProfiles, taxForms, unreadable }) => {
      if (payoutProfiles + taxForms > 0) console.info(`Wrote identity keys for ${payoutProfiles} payout profile(s) and ${taxForms} tax form(s).`);
      if (unreadable > 0) console.warn(`${unreadable} sealed payout or tax detail(s) could not be opened with the configured keys; their identity keys stay empty.`);
    })
    .catch((error: unknown) => console.error("Writing creator identity keys failed; it is retried at the next start", error));
  const stops = [
    startWebhookWorker(db), startOutboundWebhookWorker(db), startApprovalJob(db), startCreatorImportJob(db), startPayoutScheduleJob(db), startPayoutJob(db), startRiskScanJob(db),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
