import { NextResponse } from 'next/server';
import { db } from '@/lib/db';
import { checkHealth, publicHealth } from '@/lib/health/check-health';
import { publicRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// Public on purpose (load balancers call it); it reveals liveness only, no data and no error text.
export const GET = publicRoute(async () => {
  const report = await checkHealth(db);
  return NextResponse.json(publicHealth(report), { status: report.status === 'down' ? 503 : 200 });
});
