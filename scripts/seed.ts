import { db } from '../lib/db';
import { seedDemoOrganization } from '../lib/seed/demo-organization';

await seedDemoOrganization(db, {
  cityworksUrl: process.env.DEMO_CITYWORKS_URL || undefined,
  geocoderUrl: process.env.DEMO_GEOCODER_URL || undefined,
});
await db.$disconnect();
console.log('seeded the demo organization');
