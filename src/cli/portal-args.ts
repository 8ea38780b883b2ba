// Maps `npm run portal -- …` options onto the portal service's input (the same shapes the
// admin API takes), so the CLI and the API apply one set of rules.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PortalChanges, PortalInput } from '../modules/clients/portal-input.ts';
import type { PortalAuthMethod, SubjectType } from '../modules/clients/portal-settings.ts';

export function readPortalArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'client-id': { type: 'string' },
      'organization-id': { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-uri': { type: 'string', multiple: true },
      'backchannel-logout-uri': { type: 'string' },
      auth: { type: 'string' },
      'jwks-uri': { type: 'string' },
      'jwks-file': { type: 'string' },
      'subject-type': { type: 'string' },
      sector: { type: 'string' },
      'min-account-level': { type: 'string' },
      scope: { type: 'string' },
      reason: { type: 'string' },
      'overlap-seconds': { type: 'string' },
      'expires-in-seconds': { type: 'string' },
    },
  });
}

type Values = ReturnType<typeof readPortalArgs>['values'];

/** Only the options given: an update changes nothing else. */
export function changesFrom(values: Values): PortalChanges {
  const level = values['min-account-level'];
  const changes: PortalChanges = {
    name: values.name,
    redirectUris: values['redirect-uri'],
    postLogoutRedirectUris: values['post-logout-uri'],
    backchannelLogoutUri: values['backchannel-logout-uri'],
    tokenEndpointAuthMethod: values.auth as PortalAuthMethod | undefined,
    jwksUri: values['jwks-uri'],
    jwks: values['jwks-file']
      ? (JSON.parse(readFileSync(values['jwks-file'], 'utf8')) as { keys: unknown[] })
      : undefined,
    subjectType: values['subject-type'] as SubjectType | undefined,
    sector: values.sector,
    minAccountLevel: level === undefined ? undefined : (Number(level) as 1 | 2),
    scopes: values.scope?.split(' ').filter(Boolean),
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

export function inputFrom(values: Values): PortalInput {
  const changes = changesFrom(values);
  return {
    name: '',
    redirectUris: [],
    scopes: ['openid', 'profile'],
    tokenEndpointAuthMethod: 'private_key_jwt',
    ...(changes as Partial<PortalInput>),
    clientId: values['client-id'],
    organizationId: values['organization-id'],
  };
}
