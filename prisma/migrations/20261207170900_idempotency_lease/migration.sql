-- An Idempotency-Key claim is a lease (app/api/idempotency.server.ts). Rows still in progress from before this
-- migration keep NULL, which the code treats as an expired lease: a retry may take them over.
ALTER TABLE "ApiIdempotencyKey" ADD COLUMN "leaseUntil" TIMESTAMP(3);
