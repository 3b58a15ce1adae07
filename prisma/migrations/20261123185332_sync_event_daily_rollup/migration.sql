-- CreateTable
CREATE TABLE "SyncEventDaily" (
    "id" BIGSERIAL NOT NULL,
    "integrationId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "operation" TEXT NOT NULL,
    "outcome" "SyncOutcome" NOT NULL,
    "errorClass" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,
    "latencyCount" INTEGER NOT NULL DEFAULT 0,
    "latencySumMs" BIGINT NOT NULL DEFAULT 0,
    "latencyMaxMs" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncEventDaily_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SyncEventDaily_integrationId_day_operation_outcome_errorCla_key" ON "SyncEventDaily"("integrationId", "day", "operation", "outcome", "errorClass");

-- CreateIndex
CREATE INDEX "SyncEvent_createdAt_idx" ON "SyncEvent"("createdAt");

-- AddForeignKey
ALTER TABLE "SyncEventDaily" ADD CONSTRAINT "SyncEventDaily_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
