// Synthetic, valid registry data, unique per call so tests never collide on a shared database.
import { randomInt } from 'node:crypto';
import type { App } from '../../src/app.ts';
import { totpFactors } from '../../src/db/schema.ts';
import { createFactorSecrets } from '../../src/modules/factors/factor-secrets.ts';
import { newTotpSecret } from '../../src/modules/factors/totp.ts';
import { PROVINCE_CODES } from '../../src/modules/citizens/personal-id.ts';
import type { EnrolCitizenInput } from '../../src/modules/citizens/citizens.service.ts';
import type { RegisterPortalInput } from '../../src/modules/clients/clients.service.ts';

export const DEMO_PASSWORD = 'ChiaKhoa@2026';

const provinceCodes = [...PROVINCE_CODES];

/**
 * A fresh number for a male citizen born in 1985 (the fixture's birth date and sex). Tests share
 * one database across runs, so the province is random too: 63 × 10⁶ numbers, not 10⁶, keeps
 * collisions between runs negligible. A caller that passes a prefix fixes province and year.
 */
export function uniquePersonalId(prefix?: string): string {
  const head = prefix ?? `${provinceCodes[randomInt(0, provinceCodes.length)]}085`;
  return `${head}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export async function enrolCitizen(app: App, overrides: Partial<EnrolCitizenInput> = {}) {
  const input: EnrolCitizenInput = {
    personalId: uniquePersonalId(),
    fullName: 'Nguyễn Văn Thử',
    familyName: 'Nguyễn',
    givenName: 'Thử',
    birthDate: '1985-03-12',
    sex: 'male',
    phone: '+84912345678',
    email: 'thu@example.vn',
    accountLevel: 2,
    password: DEMO_PASSWORD,
    ...overrides,
  };
  const citizen = await app.citizens.enrol(input);
  return { citizen, password: input.password, personalId: citizen.personalId };
}

export async function registerPortal(app: App, overrides: Partial<RegisterPortalInput> = {}) {
  return app.clients.register({
    name: 'Cổng thử nghiệm',
    redirectUris: ['http://127.0.0.1:9/callback'],
    postLogoutRedirectUris: ['http://127.0.0.1:9/'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    scopes: ['openid', 'profile', 'email', 'phone', 'personal_id', 'offline_access'],
    ...overrides,
  });
}

/**
 * Gives a citizen an authenticator app, sealed with the app's FACTOR_ENCRYPTION_KEY (which the
 * test must have set), and returns its secret, from which totpCodeAt() makes codes.
 */
export async function addAuthenticatorApp(app: App, citizenId: string, factorKey: string): Promise<string> {
  const secret = newTotpSecret();
  const secretCiphertext = createFactorSecrets(factorKey).seal(citizenId, secret);
  await app.infrastructure.database.db.insert(totpFactors).values({ citizenId, secretCiphertext });
  return secret;
}
