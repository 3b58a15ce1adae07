-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "hiddenOverride" BOOLEAN,
ADD COLUMN     "privateOverride" BOOLEAN,
ADD COLUMN     "remoteHidden" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "remotePrivate" BOOLEAN NOT NULL DEFAULT false;

-- Until now the sync wrote the effective values directly: they are what it decided.
UPDATE "Question" SET "remotePrivate" = "isPrivate", "remoteHidden" = "hidden";
