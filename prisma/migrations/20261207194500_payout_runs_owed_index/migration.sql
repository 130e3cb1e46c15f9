-- Payout runs (h1-runs): what is owed per creator is summed in SQL over the commissions whose net differs from what
-- was paid (app/repositories/payout-run-repository.server.ts, app/services/payouts/list-creators-owed.server.ts).
-- Settled commissions (net = paid) are most of an older shop's rows; this PARTIAL index holds only the others, with
-- the columns the sums read, so planning a run and the Payouts page read just the owed rows (index-only).
-- Prisma's schema cannot express a partial index and its schema engine does not see one, so prisma/schema.prisma
-- does not declare it (see the comment on Commission) and `npm run db:migration` neither drops nor re-creates it.
CREATE INDEX "Commission_owed_by_creator" ON "Commission"("shop", "creatorId") INCLUDE ("status", "currency", "netMinor", "paidMinor") WHERE "netMinor" <> "paidMinor";
