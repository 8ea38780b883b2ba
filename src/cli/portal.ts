// Operators' portal commands, through the same service calls as the admin API (same rules,
// same audit trail, actor "operator"):
//   npm run portal -- create --organization-id ID --name "…" --redirect-uri https://…/callback
//       [--auth private_key_jwt|client_secret_basic|none] [--jwks-uri URL | --jwks-file FILE]
//       [--post-logout-uri URL] [--backchannel-logout-uri URL] [--scope "openid profile"]
//       [--subject-type pairwise --sector NAME] [--min-account-level 2] [--client-id ID]
//   npm run portal -- show|update|disable|enable|rotate-secret --client-id ID [options]
//   npm run portal -- list [--organization-id ID]
//   npm run portal -- registration-token --organization-id ID --name "…" [--expires-in-seconds N]
import { userInfo } from 'node:os';
import type { App } from '../app.ts';
import type { Actor } from '../modules/audit/audit.repository.ts';
import { initialAccessTokenMinter } from '../oidc/registration.ts';
import { changesFrom, inputFrom, readPortalArgs } from './portal-args.ts';
import { runWithApp } from './run-with-app.ts';

const { values, positionals } = readPortalArgs(process.argv.slice(2));
const actor: Actor = { type: 'operator', id: `cli:${userInfo().username}` };
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};
const clientId = () => {
  if (!values['client-id']) throw new Error('--client-id is required');
  return values['client-id'];
};
const shownOnce = (secret: unknown) => {
  if (secret) process.stderr.write('The secret is shown once and stored only as a hash: keep it now.\n');
};

const commands: Record<string, (app: App) => Promise<void>> = {
  async create(app) {
    const { portal, clientSecret } = await app.portals.create(inputFrom(values), actor);
    print({ ...portal, ...(clientSecret ? { clientSecret } : {}) });
    shownOnce(clientSecret);
  },
  show: async (app) => print(await app.portals.get(clientId())),
  list: async (app) => print(await app.portals.list(values['organization-id'])),
  async update(app) {
    const { portal, clientSecret } = await app.portals.update(clientId(), changesFrom(values), actor);
    print({ ...portal, ...(clientSecret ? { clientSecret } : {}) });
    shownOnce(clientSecret);
  },
  disable: async (app) => print(await app.portals.setEnabled(clientId(), false, values.reason ?? 'operator', actor)),
  enable: async (app) => print(await app.portals.setEnabled(clientId(), true, values.reason ?? 'operator', actor)),
  async 'rotate-secret'(app) {
    const overlap = Number(values['overlap-seconds'] ?? 86400);
    const rotated = await app.portals.rotateSecret(clientId(), overlap, actor);
    print(rotated);
    shownOnce(rotated.clientSecret);
  },
  async 'registration-token'(app) {
    const issued = await app.registrations.issue(
      {
        organizationId: values['organization-id'] ?? '',
        clientName: values.name ?? '',
        expiresInSeconds: values['expires-in-seconds'] ? Number(values['expires-in-seconds']) : undefined,
      },
      actor,
      initialAccessTokenMinter(app.provider),
    );
    print({ ...issued, registrationEndpoint: `${app.provider.issuer}/reg` });
    shownOnce(issued.initialAccessToken);
  },
};

const command = commands[positionals[0] ?? ''];
if (!command) {
  process.stderr.write(
    `usage: npm run portal -- ${Object.keys(commands).join('|')} [options] (see src/cli/portal.ts)\n`,
  );
  process.exit(2);
}
await runWithApp(command);
