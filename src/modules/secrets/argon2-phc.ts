// argon2id through Node's own crypto.argon2Sync (Node ≥ 24.7), encoded as the PHC string the
// `argon2` npm package writes, so hashes stored before the switch still verify. Synchronous on
// purpose: it runs inside the hashing pool's worker threads, never on the main thread, and so
// never on the libuv threadpool that WebCrypto (jose) shares.
// @see https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md
import { argon2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type Argon2Algorithm = 'argon2d' | 'argon2i' | 'argon2id';

export interface Argon2Parameters {
  readonly algorithm: Argon2Algorithm;
  /** KiB */
  readonly memory: number;
  readonly passes: number;
  readonly parallelism: number;
}

interface Phc extends Argon2Parameters {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const ALGORITHMS = new Set<string>(['argon2d', 'argon2i', 'argon2id']);
const b64 = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

function derive(secret: string, salt: Buffer, length: number, parameters: Argon2Parameters): Buffer {
  return argon2Sync(parameters.algorithm, {
    message: secret,
    nonce: salt,
    parallelism: parameters.parallelism,
    tagLength: length,
    memory: parameters.memory,
    passes: parameters.passes,
  });
}

export function hashSync(secret: string, parameters: Argon2Parameters): string {
  const salt = randomBytes(16);
  const hash = derive(secret, salt, 32, parameters);
  const { algorithm, memory, passes, parallelism } = parameters;
  return `$${algorithm}$v=19$m=${memory},t=${passes},p=${parallelism}$${b64(salt)}$${b64(hash)}`;
}

/** Parses `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; undefined when it is not one. */
export function parsePhc(encoded: string): Phc | undefined {
  const [empty, algorithm, version, params, salt, hash, ...rest] = encoded.split('$');
  if (empty !== '' || rest.length > 0 || !algorithm || !ALGORITHMS.has(algorithm)) return undefined;
  if (version !== 'v=19' || !params || !salt || !hash) return undefined;
  const values = new Map(params.split(',').map((pair) => pair.split('=') as [string, string]));
  const [memory, passes, parallelism] = ['m', 't', 'p'].map((name) => Number(values.get(name)));
  if (![memory, passes, parallelism].every((n) => Number.isInteger(n) && n! > 0)) return undefined;
  const decoded = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  if (decoded.salt.length < 8 || decoded.hash.length < 16) return undefined;
  return {
    algorithm: algorithm as Argon2Algorithm,
    memory: memory!,
    passes: passes!,
    parallelism: parallelism!,
    ...decoded,
  };
}

/** False for a wrong secret and for a malformed hash alike: never a throw. */
export function verifySync(encoded: string, secret: string): boolean {
  const phc = parsePhc(encoded);
  if (!phc) return false;
  return timingSafeEqual(derive(secret, phc.salt, phc.hash.length, phc), phc.hash);
}
