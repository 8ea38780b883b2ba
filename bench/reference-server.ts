// The reference: a bare oidc-provider (its own memory adapter, plain node:http) configured like
// chiakhoa where it matters for speed: ES256 signing keys, TTLs, PKCE, rotating refresh tokens,
// client_credentials, introspection, the same two portals (a secret, and private_key_jwt).
// GET /mint hands the bench refresh tokens and an access token, minted the way a code exchange
// would, so refresh, userinfo and introspection can be measured without a login UI. Its memory
// adapter is an LRU of 1,000 entries: the bench mints again right before each scenario.
// REFERENCE_REDIS_URL: the same library on a minimal Redis adapter instead (see its file).
import { createServer } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { redisAdapterFactory } from './reference-redis-adapter.ts';
import { BENCH_CLIENTS, type BenchSetup } from './setup.ts';

const setup = JSON.parse(process.env.BENCH_SETUP ?? '{}') as BenchSetup;
const port = Number(process.env.PORT);
// Mounted at the root of a plain node:http server, so the issuer has no path.
const issuer = `http://127.0.0.1:${port}`;

const redisUrl = process.env.REFERENCE_REDIS_URL;
const configuration: Configuration = {
  ...(redisUrl ? { adapter: redisAdapterFactory(redisUrl) } : {}),
  clients: [
    { ...BENCH_CLIENTS.secret, response_types: ['code'], client_secret: setup.clientSecret },
    { ...BENCH_CLIENTS.privateKeyJwt, response_types: ['code'], jwks: { keys: [setup.clientPublicJwk] } },
  ],
  jwks: setup.signingJwks,
  findAccount: async (_ctx, accountId) => ({
    accountId,
    claims: async () => ({ sub: accountId, name: 'Nguyễn Văn An', birthdate: '1985-03-12', account_level: 2 }),
  }),
  claims: { openid: ['sub', 'account_level'], profile: ['name', 'birthdate'] },
  scopes: ['openid', 'profile', 'offline_access'],
  pkce: { required: () => true },
  rotateRefreshToken: true,
  cookies: { keys: ['reference-cookie-key-of-at-least-32-chars'] },
  clientAuthMethods: ['private_key_jwt', 'client_secret_basic'],
  enabledJWA: { clientAuthSigningAlgValues: ['ES256'], idTokenSigningAlgValues: ['ES256'] },
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  ttl: {
    AccessToken: 600,
    ClientCredentials: 600,
    AuthorizationCode: 30,
    IdToken: 600,
    Interaction: 1800,
    Grant: 365 * 86400,
    RefreshToken: 30 * 86400,
    Session: 8 * 3600,
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: () => true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
};

const provider = new Provider(issuer, configuration);
const callback = provider.callback();

/** Tokens as a code exchange would leave them: a grant, one access token, n refresh tokens. */
async function mint(count: number) {
  const client = await provider.Client.find(BENCH_CLIENTS.secret.client_id);
  if (!client) throw new Error('bench client missing');
  const accountId = 'bench-account';
  const grant = new provider.Grant({ accountId, clientId: client.clientId });
  grant.addOIDCScope('openid profile offline_access');
  const grantId = await grant.save();
  const common = { accountId, client, grantId, scope: 'openid profile offline_access', gty: 'authorization_code' };
  const accessToken = await new provider.AccessToken({ ...common, scope: 'openid profile' }).save();
  const refreshTokens = await Promise.all(
    Array.from({ length: count }, () =>
      new provider.RefreshToken({ ...common, authTime: Math.floor(Date.now() / 1000) }).save(),
    ),
  );
  return { accessToken, refreshTokens };
}

const server = createServer((req, res) => {
  if (req.url?.startsWith('/mint')) {
    const count = Number(new URL(req.url, issuer).searchParams.get('n') ?? '1');
    void mint(count).then((tokens) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokens)),
    );
    return;
  }
  void callback(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
