'use client';

import { useState, type FormEvent } from 'react';
import type { ZodError } from 'zod';
import { credentialsSchema, ENVIRONMENT_LABELS } from '@/lib/integrations/connection-schema';
import type { IntegrationView } from '@/lib/integrations/settings-view';
import { credentialBindingChanged } from '@/lib/integrations/credential-binding';
import { useIntegrationSave } from '@/components/hooks/use-integration-save';
import { Field, SaveState } from './Field';
import { fieldErrors } from './zod-issues';

/**
 * Endpoint, user and password for one environment. The password is write-only: the page only
 * knows whether and when it was set; the field is empty and sends nothing unless replaced.
 * Changing the endpoint or the user clears the stored password on the server
 * (lib/integrations/credential-binding.ts); the form says so before and after saving.
 */
export function CredentialsForm({ org, environment, view }: { org: string; environment: 'TEST' | 'PRODUCTION'; view: IntegrationView }) {
  const stored = view.endpoints[environment];
  const passwordSetAt = environment === 'TEST' ? view.passwordSet.test : view.passwordSet.production;
  const [endpointUrl, setEndpointUrl] = useState(stored.endpointUrl ?? '');
  const [loginName, setLoginName] = useState(stored.loginName ?? '');
  const [password, setPassword] = useState('');
  const [replacing, setReplacing] = useState(passwordSetAt === null);
  const [localError, setLocalError] = useState<ZodError | null>(null);
  const save = useIntegrationSave(org, 'credentials');
  const errors = fieldErrors(localError, save.error);
  const label = ENVIRONMENT_LABELS[environment];
  const disabled = !view.can.editCredentials;
  const rebinding = passwordSetAt !== null && credentialBindingChanged(stored, { endpointUrl, loginName });
  const showPassword = replacing || rebinding || passwordSetAt === null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { environment, endpointUrl, loginName, ...(showPassword && password ? { password } : {}) };
    const parsed = credentialsSchema.safeParse(body);
    setLocalError(parsed.success ? null : parsed.error);
    if (!parsed.success) return;
    save.mutate(body, {
      onSuccess: () => {
        setPassword('');
        setReplacing(false);
      },
    });
  }

  return (
    <form onSubmit={submit} aria-label={`${label} credentials`} noValidate>
      <fieldset disabled={disabled}>
        <legend>{label} environment</legend>
        <Field label={`${label} endpoint URL`} hint="The Cityworks site, e.g. https://cityworks.example.gov/Cityworks (a URL ending in /Services/AMS works too)." error={errors.endpointUrl}>
          <input type="url" value={endpointUrl} onChange={(e) => setEndpointUrl(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={`${label} user`} hint="The Cityworks login. With Windows authentication, enter domain/username (e.g. CITYHALL/svc-311)." error={errors.loginName}>
          <input value={loginName} onChange={(e) => setLoginName(e.target.value)} autoComplete="off" />
        </Field>
        <p className="hint" data-testid={`password-state-${environment}`}>
          {passwordSetAt ? `Password set ${new Date(passwordSetAt).toLocaleString()}.` : 'No password set.'}
        </p>
        {rebinding ? (
          <p className="error-box" role="note" data-testid={`password-rebind-${environment}`}>
            Changing the endpoint URL or user clears the stored password: enter the password again, or it will have to be entered before the next test or sync.
          </p>
        ) : null}
        {showPassword ? (
          <Field label={`${label} password`} hint={passwordSetAt && !rebinding ? 'Leave empty to keep the stored password.' : 'Stored encrypted; never shown again.'} error={errors.password}>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </Field>
        ) : disabled ? null : (
          <button type="button" className="secondary" onClick={() => setReplacing(true)}>Replace {label.toLowerCase()} password</button>
        )}
        {disabled ? null : (
          <div className="actions">
            <button type="submit" disabled={save.isPending}>Save {label.toLowerCase()} credentials</button>
          </div>
        )}
        <SaveState
          pending={save.isPending}
          error={save.error ? save.error.message : null}
          success={save.isSuccess ? `${label} credentials saved.${save.data.secretCleared ? ' The stored password was cleared because the endpoint or user changed: enter it again.' : ''}` : null}
        />
      </fieldset>
    </form>
  );
}
