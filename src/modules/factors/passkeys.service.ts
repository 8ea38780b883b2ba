// Passkeys (WebAuthn, @simplewebauthn/server): the strongest second factor. The browser binds
// every signature to chiakhoa's origin, so a look-alike site cannot relay it: the one factor
// that resists phishing (NIST SP 800-63B §5.2.5). User verification (the device's PIN or
// biometric) is required, so the passkey is itself two factors. The relying party id is the
// issuer's host name.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { passkeys } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Citizen } from '../citizens/citizens.repository.ts';
import type { FactorsRepository } from './factors.repository.ts';

export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  readonly origin: string;
}

export function relyingPartyFor(issuer: string): RelyingParty {
  const url = new URL(issuer);
  return { id: url.hostname, name: 'Chìa khóa', origin: url.origin };
}

const TIMEOUT_MS = 120_000; // WebAuthn §15.1: generous, for people who need time

export function createPasskeys(deps: { db: Database; repository: FactorsRepository; rp: RelyingParty }) {
  const { db, repository, rp } = deps;
  const known = async (citizenId: string) =>
    (await repository.passkeysOf(citizenId)).map((row) => ({
      id: row.id,
      ...(row.transports ? { transports: row.transports } : {}),
    }));

  return {
    async registrationOptions(citizen: Citizen): Promise<PublicKeyCredentialCreationOptionsJSON> {
      return generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        // The user handle is the opaque account id; the name shown in the device's list is the
        // person's name, never the identification number.
        userID: new TextEncoder().encode(citizen.id),
        userName: citizen.fullName,
        userDisplayName: citizen.fullName,
        attestationType: 'none',
        excludeCredentials: await known(citizen.id),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        timeout: TIMEOUT_MS,
      });
    },

    async register(citizen: Citizen, response: RegistrationResponseJSON, challenge: string, actor: Actor) {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: true,
      }).catch(() => undefined);
      if (!result?.verified) return false;
      const { credential, credentialBackedUp } = result.registrationInfo;
      await guardPostgres(() =>
        db.transaction(async (tx) => {
          await tx.insert(passkeys).values({
            id: credential.id,
            citizenId: citizen.id,
            publicKey: Buffer.from(credential.publicKey).toString('base64url'),
            counter: credential.counter,
            transports: credential.transports ?? null,
            backedUp: credentialBackedUp,
          });
          await recordAudit(tx, actor, {
            action: 'factor.passkey_registered',
            targetType: 'citizen',
            targetId: citizen.id,
            details: { backedUp: credentialBackedUp },
          });
        }),
      );
      return true;
    },

    async authenticationOptions(citizenId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      return generateAuthenticationOptions({
        rpID: rp.id,
        allowCredentials: await known(citizenId),
        userVerification: 'required',
        timeout: TIMEOUT_MS,
      });
    },

    /** True when one of this citizen's passkeys signed the challenge, with user verification. */
    async authenticate(citizenId: string, response: AuthenticationResponseJSON, challenge: string): Promise<boolean> {
      const row = (await repository.passkeysOf(citizenId)).find((passkey) => passkey.id === response.id);
      if (!row) return false;
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: row.id,
          publicKey: new Uint8Array(Buffer.from(row.publicKey, 'base64url')),
          counter: row.counter,
        },
        requireUserVerification: true,
      }).catch(() => undefined);
      if (!result?.verified) return false;
      await repository.recordPasskeyUse(row.id, result.authenticationInfo.newCounter);
      return true;
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
