-- What each creator is owed, kept beside the commissions (s2-bench). The Payouts page and the run planner summed a
-- GROUP BY over every commission with net ≠ paid: 0.9–1.4 s for a shop with a million commissions. This table holds
-- the same sums per (shop, creator, currency), and statement-level triggers on "Commission" keep them exact: every
-- INSERT / UPDATE / DELETE of commissions (the ledger writes its cached net, paid and status in the same transaction
-- as its rows) adds the difference its rows make, in that same statement's transaction. A statement touching 350,000
-- commissions does one grouped upsert, not 350,000. The triggers are not visible to Prisma's schema; the table is
-- declared in prisma/schema.prisma (CreatorOwedSummary) so `npm run db:migration` keeps it.

-- CreateTable
CREATE TABLE "CreatorOwedSummary" (
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "owingCount" INTEGER NOT NULL DEFAULT 0,
    "approvedMinor" BIGINT NOT NULL DEFAULT 0,
    "approvedCount" INTEGER NOT NULL DEFAULT 0,
    "clawbackMinor" BIGINT NOT NULL DEFAULT 0,
    "clawbackCount" INTEGER NOT NULL DEFAULT 0,
    "pendingMinor" BIGINT NOT NULL DEFAULT 0,
    "onHoldMinor" BIGINT NOT NULL DEFAULT 0,
    "onHoldCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CreatorOwedSummary_pkey" PRIMARY KEY ("shop","creatorId","currency")
);

-- The sums each commission row contributes (the rules of sumOwedByCreator), signed: +1 for new rows, −1 for old.
-- Rows with net = paid contribute nothing and are skipped. Upserts go in key order so two statements never deadlock
-- on each other's summary rows; deltas that change nothing (e.g. approving a commission moves money from pending to
-- approved: a real change; a version bump alone: none) write nothing. The transition tables (new_rows, old_rows)
-- are visible to EXECUTE inside the trigger function, so one statement serves INSERT, UPDATE and DELETE.
CREATE FUNCTION affable_commission_owed_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "CreatorOwedSummary";
    RETURN NULL;
  END IF;
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, shop, "creatorId", currency, status::text AS status, "netMinor", "paidMinor" FROM new_rows WHERE "netMinor" <> "paidMinor"'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, shop, "creatorId", currency, status::text AS status, "netMinor", "paidMinor" FROM old_rows WHERE "netMinor" <> "paidMinor"'
    ELSE 'SELECT 1 AS sign, shop, "creatorId", currency, status::text AS status, "netMinor", "paidMinor" FROM new_rows WHERE "netMinor" <> "paidMinor"'
      || ' UNION ALL SELECT -1 AS sign, shop, "creatorId", currency, status::text AS status, "netMinor", "paidMinor" FROM old_rows WHERE "netMinor" <> "paidMinor"'
  END;
  EXECUTE '
    INSERT INTO "CreatorOwedSummary" AS s ("shop", "creatorId", "currency", "owingCount", "approvedMinor", "approvedCount",
      "clawbackMinor", "clawbackCount", "pendingMinor", "onHoldMinor", "onHoldCount")
    SELECT * FROM (
      SELECT d.shop, d."creatorId", d.currency,
        SUM(d.sign)::int AS "owingCount",
        COALESCE(SUM(d.sign * (d."netMinor" - d."paidMinor")) FILTER (WHERE d."netMinor" > d."paidMinor" AND d.status IN (''approved'', ''paid'')), 0)::bigint AS "approvedMinor",
        COALESCE(SUM(d.sign) FILTER (WHERE d."netMinor" > d."paidMinor" AND d.status IN (''approved'', ''paid'')), 0)::int AS "approvedCount",
        COALESCE(SUM(d.sign * (d."paidMinor" - d."netMinor")) FILTER (WHERE d."netMinor" < d."paidMinor"), 0)::bigint AS "clawbackMinor",
        COALESCE(SUM(d.sign) FILTER (WHERE d."netMinor" < d."paidMinor"), 0)::int AS "clawbackCount",
        COALESCE(SUM(d.sign * (d."netMinor" - d."paidMinor")) FILTER (WHERE d."netMinor" > d."paidMinor" AND d.status = ''pending''), 0)::bigint AS "pendingMinor",
        COALESCE(SUM(d.sign * (d."netMinor" - d."paidMinor")) FILTER (WHERE d."netMinor" > d."paidMinor" AND d.status = ''on_hold''), 0)::bigint AS "onHoldMinor",
        COALESCE(SUM(d.sign) FILTER (WHERE d."netMinor" > d."paidMinor" AND d.status = ''on_hold''), 0)::int AS "onHoldCount"
      FROM (' || changed || ') d
      GROUP BY d.shop, d."creatorId", d.currency
    ) g
    WHERE g."owingCount" <> 0 OR g."approvedMinor" <> 0 OR g."approvedCount" <> 0 OR g."clawbackMinor" <> 0 OR g."clawbackCount" <> 0
      OR g."pendingMinor" <> 0 OR g."onHoldMinor" <> 0 OR g."onHoldCount" <> 0
    ORDER BY g.shop, g."creatorId", g.currency
    ON CONFLICT ("shop", "creatorId", "currency") DO UPDATE SET
      "owingCount" = s."owingCount" + EXCLUDED."owingCount",
      "approvedMinor" = s."approvedMinor" + EXCLUDED."approvedMinor",
      "approvedCount" = s."approvedCount" + EXCLUDED."approvedCount",
      "clawbackMinor" = s."clawbackMinor" + EXCLUDED."clawbackMinor",
      "clawbackCount" = s."clawbackCount" + EXCLUDED."clawbackCount",
      "pendingMinor" = s."pendingMinor" + EXCLUDED."pendingMinor",
      "onHoldMinor" = s."onHoldMinor" + EXCLUDED."onHoldMinor",
      "onHoldCount" = s."onHoldCount" + EXCLUDED."onHoldCount"';
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger: three triggers, one function.
CREATE TRIGGER "Commission_owed_summary_insert" AFTER INSERT ON "Commission"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION affable_commission_owed_summary();
CREATE TRIGGER "Commission_owed_summary_update" AFTER UPDATE ON "Commission"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION affable_commission_owed_summary();
CREATE TRIGGER "Commission_owed_summary_delete" AFTER DELETE ON "Commission"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION affable_commission_owed_summary();
CREATE TRIGGER "Commission_owed_summary_truncate" AFTER TRUNCATE ON "Commission"
  FOR EACH STATEMENT EXECUTE FUNCTION affable_commission_owed_summary();

-- What is owed today.
INSERT INTO "CreatorOwedSummary" ("shop", "creatorId", "currency", "owingCount", "approvedMinor", "approvedCount",
  "clawbackMinor", "clawbackCount", "pendingMinor", "onHoldMinor", "onHoldCount")
SELECT shop, "creatorId", currency,
  COUNT(*)::int,
  COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status IN ('approved', 'paid')), 0)::bigint,
  (COUNT(*) FILTER (WHERE "netMinor" > "paidMinor" AND status IN ('approved', 'paid')))::int,
  COALESCE(SUM("paidMinor" - "netMinor") FILTER (WHERE "netMinor" < "paidMinor"), 0)::bigint,
  (COUNT(*) FILTER (WHERE "netMinor" < "paidMinor"))::int,
  COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status = 'pending'), 0)::bigint,
  COALESCE(SUM("netMinor" - "paidMinor") FILTER (WHERE "netMinor" > "paidMinor" AND status = 'on_hold'), 0)::bigint,
  (COUNT(*) FILTER (WHERE "netMinor" > "paidMinor" AND status = 'on_hold'))::int
FROM "Commission"
WHERE "netMinor" <> "paidMinor"
GROUP BY shop, "creatorId", currency;
