import { FAULT_KINDS, type FaultController, type FaultKind, type FaultRule } from './types';

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

export function parseFaultRule(body: unknown): FaultRule {
  if (typeof body !== 'object' || body === null) throw new FaultRuleError('Expected a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.service !== 'string' || b.service === '') throw new FaultRuleError("'service' is required ('*' for every service)");
  if (typeof b.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(b.kind)) {
    throw new FaultRuleError(`'kind' must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const times = b.times === undefined || b.times === null ? undefined : Number(b.times);
  if (times !== undefined && !(Number.isInteger(times) && times > 0)) throw new FaultRuleError("'times' must be a positive integer");
  const latencyMs = b.latencyMs === undefined || b.latencyMs === null ? undefined : Number(b.latencyMs);
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) throw new FaultRuleError("'latencyMs' must be >= 0");
  const probability = b.probability === undefined || b.probability === null ? undefined : Number(b.probability);
  if (probability !== undefined && !(Number.isFinite(probability) && probability > 0 && probability <= 1)) throw new FaultRuleError("'probability' must be > 0 and <= 1");
  return { service: b.service, kind: b.kind as FaultKind, times, latencyMs, ...(probability !== undefined ? { probability } : {}) };
}

/**
 * Rules are tried in the order they were set; the first match that its `probability` draw does not
 * spare is used and counts down its `times`. `random` is injectable so a chaos run can replay its
 * fault schedule from a seed.
 */
export class FaultRules implements FaultController {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  set(rule: FaultRule): void {
    this.rules.push({ ...parseFaultRule(rule) });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  take(service: string): FaultRule | undefined {
    const i = this.rules.findIndex(
      (r) => (r.service === '*' || r.service.toLowerCase() === service.toLowerCase()) && (r.probability === undefined || this.random() < r.probability),
    );
    const rule = this.rules[i];
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules.splice(i, 1);
    }
    return { ...rule };
  }
}
