#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded offline.
# `prisma generate` only checks that the file exists; migrations go through scripts/migrate.ts.
exit 1
