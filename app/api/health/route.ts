import { NextResponse } from 'next/server';
import { db } from '@/lib/db';
import { checkHealth } from '@/lib/health/check-health';

export const dynamic = 'force-dynamic';

// Public on purpose (load balancers call it); it reveals liveness only, no data.
export async function GET(): Promise<Response> {
  const report = await checkHealth(db);
  return NextResponse.json(report, { status: report.status === 'down' ? 503 : 200 });
}
