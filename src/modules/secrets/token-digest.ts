// What is stored in place of a bearer token's value: its SHA-256, base64url. The tokens are 256
// random bits, so a plain digest cannot be reversed or guessed, and it can be looked up.
// The same digest in SQL (drizzle/0007_token-digests.sql):
//   rtrim(translate(encode(sha256(convert_to(value, 'UTF8')), 'base64'), '+/', '-_'), '=')
import { createHash } from 'node:crypto';

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
