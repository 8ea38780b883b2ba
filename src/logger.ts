// Logging options shared by the server and the CLI. Identification numbers, passwords,
// tokens and secrets never reach a log line: known paths are redacted by pino, and every
// finished line is scrubbed of what slips through elsewhere (a database error's detail
// quoting a number, a JWT inside a message).
import type { FastifyBaseLogger } from 'fastify';

export type Logger = FastifyBaseLogger;

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'personalId',
  'personal_id',
  'password',
  'client_secret',
  'secret',
  'token',
  '*.personalId',
  '*.personal_id',
  '*.password',
  '*.client_secret',
  '*.token',
  // Protocol parameters and credentials, wherever an object carrying them is logged.
  ...['access_token', 'refresh_token', 'id_token', 'code', 'code_verifier', 'client_assertion', '_csrf'].flatMap(
    (name) => [name, `*.${name}`],
  ),
  '*.authorization',
  '*.cookie',
  '*.detail',
];

// A 12-digit run (a personal number) that is not part of a longer one (timestamps), and
// anything shaped like a JWT.
const PERSONAL_NUMBER = /(?<!\d)\d{12}(?!\d)/g;
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** The last line of defence, on each serialised line. */
export function scrubLogLine(line: string): string {
  return line.replace(PERSONAL_NUMBER, '[redacted-id]').replace(JWT, '[redacted-jwt]');
}

export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: scrubLogLine },
    // Query strings can carry codes and tokens: log the path only.
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}
