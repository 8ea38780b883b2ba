// The device cookie: a random 256-bit id that lets chiakhoa recognise a browser it has seen
// complete a second factor (VNeID asks for one on every new device). HttpOnly and long-lived
// (400 days, the most browsers keep: RFC 6265bis §5.6.1). It needs no signature: it is
// unguessable, and the server keeps only its hash per citizen (devices.repository.ts), so a
// forged or stolen value proves nothing for anyone else.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const DEVICE_COOKIE = 'chiakhoa_device';
const MAX_AGE_SECONDS = 400 * 86400;

export function readDeviceId(request: FastifyRequest): string | undefined {
  for (const pair of request.headers.cookie?.split(';') ?? []) {
    const [name, value] = pair.split('=').map((part) => part.trim());
    if (name === DEVICE_COOKIE && value && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}

/** The browser's device id, issuing one (in this reply) when it has none. */
export function ensureDeviceId(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = readDeviceId(request);
  if (existing) return existing;
  const id = randomBytes(32).toString('base64url');
  void reply.header(
    'set-cookie',
    `${DEVICE_COOKIE}=${id}; Path=/interaction; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
  return id;
}
