import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { keyIdOf } from '@/lib/secrets/cipher';
import { readIntegrationSecret, reencryptAllSecrets, secretPresence, setIntegrationSecret } from '@/lib/secrets/integration-secrets';

describe('integration secrets at rest', () => {
  it('stores ciphertext only, reports presence without values, and survives a key rotation', async () => {
    const org = await db.organization.create({ data: { slug: 'rot', title: 'Rotation City' } });
    const integration = await db.integration.create({ data: { organizationId: org.id } });
    await setIntegrationSecret(db, integration.id, 'PRODUCTION_PASSWORD', 'hunter2-prod');
    const presence = await secretPresence(db, integration.id);
    expect(presence.PRODUCTION_PASSWORD).not.toBeNull();
    expect(presence.TEST_PASSWORD).toBeNull();
    expect(JSON.stringify(presence)).not.toContain('hunter2');

    const oldKey = env.SECRETS_KEY;
    const newKey = randomBytes(32).toString('base64');
    // lib/env is parsed once; rotation swaps the values the keyring reads.
    env.SECRETS_KEY = newKey;
    env.SECRETS_PREVIOUS_KEYS = `old:${oldKey}`;
    expect(await reencryptAllSecrets(db)).toBe(1);
    expect(await reencryptAllSecrets(db)).toBe(0);
    env.SECRETS_PREVIOUS_KEYS = '';
    const row = await db.integrationSecret.findFirstOrThrow({ where: { integrationId: integration.id } });
    expect(row.keyId).toBe(keyIdOf(Buffer.from(newKey, 'base64')));
    expect(await readIntegrationSecret(db, integration.id, 'PRODUCTION_PASSWORD')).toBe('hunter2-prod');
  });
});
