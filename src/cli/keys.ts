// Signing-key rotation, one command per step of oidc-provider's documented order; reload
// (a rolling restart) after each of add, promote and retire (README "Key rotation"):
//   npm run keys:add      a new key per algorithm, published at the end, not signing yet
//   npm run keys:promote  the new keys sign; the old ones keep verifying (retiring)
//   npm run keys:retire   removes retiring keys once nothing they signed can be presented
//                         (refused earlier unless --force)
//   npm run keys:status   each key's kid, algorithm, state and since when
// Options: --file PATH (default KEYS_FILE or keys/jwks.json). With KEYS_JWKS set and no
// --file, the keys are read from the environment and the new document is printed on stdout
// for the operator to store back in the secret manager.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { ADMIN_TOKEN_TTL } from '../oidc/admin-resource.ts';
import {
  addNextKeys,
  promoteNextKeys,
  retireOldKeys,
  retireWindowSeconds,
  stateOf,
  type KeysDocument,
} from '../oidc/key-rotation.ts';
import { generateSigningKey, parseKeysDocument, writePrivateJson } from '../oidc/keys.ts';
import { TTL } from '../oidc/provider-config.ts';
import { assertSupportedRuntime } from '../runtime.ts';

assertSupportedRuntime();
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const config = loadConfig();
const fromEnvironment = !values.file && config.keysJwks !== undefined;
const file = values.file ?? config.keysFile;
const say = (line: string) => process.stderr.write(`${line}\n`);

function read(): KeysDocument {
  if (fromEnvironment) return parseKeysDocument(config.keysJwks ?? '', 'KEYS_JWKS');
  if (!existsSync(file)) throw new Error(`${file} does not exist (npm run keys:generate creates it)`);
  return parseKeysDocument(readFileSync(file, 'utf8'), file);
}

function write(document: KeysDocument): void {
  if (fromEnvironment) process.stdout.write(`${JSON.stringify(document)}\n`);
  else writePrivateJson(file, document);
  say(`${fromEnvironment ? 'printed the new KEYS_JWKS' : `wrote ${file}`}: now reload every process (rolling restart)`);
}

const status = (document: KeysDocument) =>
  document.keys.map(
    (key) => `${stateOf(key).padEnd(8)} ${String(key.alg)} ${String(key.kid)} ${key.chiakhoa?.since ?? ''}`,
  );

const commands: Record<string, () => Promise<void>> = {
  async add() {
    write(await addNextKeys(read(), (alg) => generateSigningKey(alg as 'ES256' | 'RS256')));
  },
  async promote() {
    write(promoteNextKeys(read()));
  },
  async retire() {
    const window = retireWindowSeconds(
      [TTL.IdToken, TTL.AccessToken, TTL.ClientCredentials, ADMIN_TOKEN_TTL],
      config.sessionMaxAgeSeconds,
    );
    const result = retireOldKeys(read(), window, new Date(), values.force);
    for (const key of result.waiting) say(`keeping ${key.kid}: tokens it signed may be presented until ${key.after}`);
    if (result.removed.length === 0) throw new Error('no retiring key may be removed yet');
    say(`removing ${result.removed.join(', ')}`);
    write(result.document);
  },
  async status() {
    for (const line of status(read())) process.stdout.write(`${line}\n`);
  },
};

const command = commands[positionals[0] ?? ''];
if (!command) {
  say(`usage: node src/cli/keys.ts ${Object.keys(commands).join('|')} [--file PATH] [--force]`);
  process.exit(2);
}
try {
  await command();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
