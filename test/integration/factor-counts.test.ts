// The one query every sign-in makes to learn which second factors a citizen has
// (factors.repository.ts countFactors): counts that match the rows, on the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeys, recoveryCodes, totpFactors } from '../../src/db/schema.ts';
import { createFactorsRepository } from '../../src/modules/factors/factors.repository.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { startTestApp, type RunningApp } from '../helpers/test-app.ts';

describe('counting a citizen’s second factors', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('counts nothing for a citizen without factors', async () => {
    const { citizen } = await enrolCitizen(app, {});
    const repository = createFactorsRepository(app.infrastructure.database.db);
    expect(await repository.countFactors(citizen.id)).toEqual({ totp: false, passkeys: 0, recoveryCodes: 0 });
  });

  it('counts an authenticator app, each passkey and only the unused recovery codes, of this citizen only', async () => {
    const { db } = app.infrastructure.database;
    const { citizen } = await enrolCitizen(app, {});
    const { citizen: other } = await enrolCitizen(app, {});
    await db.insert(totpFactors).values({ citizenId: citizen.id, secretCiphertext: 'sealed' });
    await db.insert(passkeys).values(
      [citizen.id, citizen.id, other.id].map((citizenId, index) => ({
        id: `${citizenId}-${index}`,
        citizenId,
        publicKey: 'key',
      })),
    );
    await db.insert(recoveryCodes).values([
      { citizenId: citizen.id, codeHash: 'a' },
      { citizenId: citizen.id, codeHash: 'b' },
      { citizenId: citizen.id, codeHash: 'c', usedAt: new Date() },
      { citizenId: other.id, codeHash: 'd' },
    ]);
    const repository = createFactorsRepository(db);
    expect(await repository.countFactors(citizen.id)).toEqual({ totp: true, passkeys: 2, recoveryCodes: 2 });
    expect(await repository.countFactors(other.id)).toEqual({ totp: false, passkeys: 1, recoveryCodes: 1 });
  });
});
