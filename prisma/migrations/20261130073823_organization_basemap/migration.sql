-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "basemap" JSONB;
