// The service under attack: a test app (real PostgreSQL and Redis, its own Redis key prefix)
// with one citizen and one portal, and what attack tests check afterwards.
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { auditEvents } from '../../../src/db/schema.ts';
import { enrolCitizen, registerPortal } from '../../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../../helpers/test-app.ts';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface AttackTarget {
  readonly app: RunningApp;
  readonly victim: { personalId: string; password: string; id: string };
  readonly portal: { clientId: string; clientSecret: string; redirectUri: string };
}

export async function startAttackTarget(env: Record<string, string> = {}): Promise<AttackTarget> {
  // Its own counters: the waits one attack leaves on 127.0.0.1 must not meet the next test.
  const app = await startTestApp({
    env: { REDIS_KEY_PREFIX: `chiakhoa-attack-${randomBytes(6).toString('hex')}:`, ...env },
  });
  const { citizen, personalId, password } = await enrolCitizen(app);
  const { client, clientSecret } = await registerPortal(app, { redirectUris: [REDIRECT_URI] });
  return {
    app,
    victim: { personalId, password, id: citizen.id },
    portal: { clientId: client.clientId, clientSecret: clientSecret!, redirectUri: REDIRECT_URI },
  };
}

/** The audit rows this portal's traffic left, newest first. */
export function auditRowsOf(target: AttackTarget, action?: string) {
  const { db } = target.app.infrastructure.database;
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.clientId, target.portal.clientId))
    .orderBy(desc(auditEvents.id))
    .then((rows) => (action ? rows.filter((row) => row.action === action) : rows));
}

/** Names of the cookies a response set. */
export function cookiesSet(headers: Headers): string[] {
  return headers.getSetCookie().map((line) => line.split('=')[0]!.trim());
}
