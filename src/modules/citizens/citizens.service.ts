// Citizen rules: enrolment (validated number, password policy) and password sign-in that
// reveals nothing about which numbers exist.
import { AppError } from '../../errors.ts';
import { hashSecret, verifyAgainstDummy, verifySecret } from '../secrets/secret-hash.ts';
import { passwordProblems } from './password-policy.ts';
import { tryCanonicalPersonalId } from './personal-id.ts';
import { validateIdentity, type IdentityInput } from './registry-row.ts';
import type { Citizen, CitizensRepository } from './citizens.repository.ts';

export interface EnrolCitizenInput extends IdentityInput {
  password: string;
}

function validateEnrolment(input: EnrolCitizenInput): string {
  const personalId = validateIdentity(input);
  const problems = passwordProblems(input.password);
  if (problems.length > 0) {
    throw new AppError(
      'invalid_request',
      `password must be 8-20 characters with upper and lower case, a digit and a symbol (missing: ${problems.join(', ')})`,
    );
  }
  return personalId;
}

export function createCitizensService(repository: CitizensRepository) {
  return {
    /** Validates everything before writing; a bad number stores nothing. */
    async enrol(input: EnrolCitizenInput): Promise<Citizen> {
      const personalId = validateEnrolment(input);
      const created = await repository.insertIfAbsent({
        personalId,
        fullName: input.fullName.trim(),
        familyName: input.familyName?.trim() || null,
        givenName: input.givenName?.trim() || null,
        birthDate: input.birthDate,
        sex: input.sex,
        phone: input.phone ?? null,
        email: input.email ?? null,
        accountLevel: input.accountLevel ?? 1,
        passwordHash: await hashSecret(input.password),
      });
      if (!created)
        throw new AppError('conflict', 'a citizen with this personal identification number is already enrolled');
      return created;
    },

    /**
     * Returns the citizen only for a known, active account with the right password. Every
     * failure path costs one argon2 verification, so timing does not tell them apart.
     */
    async authenticate(personalIdInput: string, password: string): Promise<Citizen | undefined> {
      const personalId = tryCanonicalPersonalId(personalIdInput);
      const citizen = personalId ? await repository.findByPersonalId(personalId) : undefined;
      if (!citizen) return verifyAgainstDummy(password).then(() => undefined);
      const valid = await verifySecret(citizen.passwordHash, password);
      return valid && citizen.status === 'active' ? citizen : undefined;
    },

    findById: (id: string) => repository.findById(id),
  };
}

export type CitizensService = ReturnType<typeof createCitizensService>;
