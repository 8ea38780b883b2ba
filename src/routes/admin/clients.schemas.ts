// JSON schemas of /admin/clients. Types only: the registration rules themselves (https
// redirects, scopes, sectors, keys...) live in modules/clients/portal-settings.ts and answer
// with their RFC 7591 error codes, the same as the registration endpoint.
const uri = { type: 'string', maxLength: 2000 } as const;
const uris = { type: 'array', maxItems: 20, items: uri } as const;

export const portalProperties = {
  name: { type: 'string', maxLength: 300, description: 'the name citizens see on every page' },
  redirectUris: { ...uris, description: 'exact https URIs on one host (loopback http for native apps)' },
  postLogoutRedirectUris: uris,
  backchannelLogoutUri: uri,
  scopes: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 100 } },
  subjectType: { type: 'string', description: 'public (default) or pairwise' },
  sector: { type: 'string', maxLength: 100, description: 'pairwise portals of one sector share `sub`' },
  minAccountLevel: { type: 'integer', description: '1 (default) or 2' },
  tokenEndpointAuthMethod: { type: 'string', description: 'private_key_jwt (recommended), client_secret_basic, none' },
  jwks: {
    type: 'object',
    properties: { keys: { type: 'array', maxItems: 10, items: { type: 'object', additionalProperties: true } } },
    required: ['keys'],
    additionalProperties: false,
  },
  jwksUri: uri,
  idTokenSignedResponseAlg: { type: 'string', description: 'ES256 (default) or RS256' },
} as const;

/** PATCH: every field optional, optional ones clearable with null. */
export const portalChangeProperties = Object.fromEntries(
  Object.entries(portalProperties).map(([key, schema]) => [
    key,
    ['name', 'redirectUris', 'scopes', 'tokenEndpointAuthMethod'].includes(key)
      ? schema
      : { anyOf: [schema, { type: 'null' }] },
  ]),
);

export const clientIdParams = {
  type: 'object',
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['clientId'],
} as const;

export const reasonBody = {
  type: 'object',
  properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } },
  required: ['reason'],
  additionalProperties: false,
} as const;
