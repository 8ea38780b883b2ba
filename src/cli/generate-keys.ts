// npm run keys:generate [-- --out keys/jwks.json] [--force]: a new private JWKS (ES256 + RS256).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateJwks, writePrivateJson } from '../oidc/keys.ts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'keys/jwks.json' }, force: { type: 'boolean', default: false } },
});
const out = values.out ?? 'keys/jwks.json';
if (existsSync(out) && !values.force) {
  process.stderr.write(`${out} exists; pass --force to replace it (see README "Key rotation" first)\n`);
  process.exit(1);
}
const jwks = await generateJwks();
writePrivateJson(out, jwks);
process.stdout.write(`wrote ${out} with kids ${jwks.keys.map((key) => `${key.alg}:${key.kid}`).join(', ')}\n`);
