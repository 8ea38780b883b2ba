// npm run admin-client:register -- --name "Hệ thống Bộ X" --jwks-file pub.json
//   --scope "admin:organizations admin:citizens" [--organization-id UUID] [--auth client_secret_basic]
// An admin client (scopes admin:*) gets admin API tokens by client_credentials; a client with
// only --organization-id is an agency system whose tokens carry its organization's code.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runWithApp } from './run-with-app.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'client-id': { type: 'string' },
    auth: { type: 'string', default: 'private_key_jwt' },
    'jwks-file': { type: 'string' },
    'jwks-uri': { type: 'string' },
    scope: { type: 'string', default: '' },
    'organization-id': { type: 'string' },
  },
});

await runWithApp(async (app) => {
  const { client, clientSecret } = await app.clients.registerMachine({
    clientId: values['client-id'],
    name: values.name ?? '',
    tokenEndpointAuthMethod: values.auth === 'client_secret_basic' ? 'client_secret_basic' : 'private_key_jwt',
    jwks: values['jwks-file']
      ? (JSON.parse(readFileSync(values['jwks-file'], 'utf8')) as { keys: unknown[] })
      : undefined,
    jwksUri: values['jwks-uri'],
    scopes: (values.scope ?? '').split(' ').filter(Boolean),
    organizationId: values['organization-id'],
  });
  process.stdout.write(
    `${JSON.stringify({ client_id: client.clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) }, null, 2)}\n`,
  );
  if (clientSecret) process.stderr.write('The client secret is shown once and stored only as a hash: keep it now.\n');
});
