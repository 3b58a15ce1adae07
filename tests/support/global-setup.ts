// Replaced by the embedded-PostgreSQL setup; VITEST_NO_DB=1 skips the database for suites that need none.
export default async function setup(): Promise<void> {}
