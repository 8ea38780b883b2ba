// Identity fields as the population registry knows them, validated in one place for both
// enrolment and bulk import. A bad number or a number that contradicts the birth date or sex
// is rejected before anything is written.
import { AppError } from '../../errors.ts';
import type { NewCitizen } from './citizens.repository.ts';
import type { ExportRow } from './population-export.ts';
import { parsePersonalId, PersonalIdError, type Sex } from './personal-id.ts';

export interface IdentityInput {
  personalId: string;
  fullName: string;
  familyName?: string | undefined;
  givenName?: string | undefined;
  birthDate: string;
  sex: Sex;
  phone?: string | undefined;
  email?: string | undefined;
  accountLevel?: 1 | 2 | undefined;
}

/** Imported citizens have no password until they set one through recovery; nothing verifies against this. */
export const UNUSABLE_PASSWORD_HASH = '!no-password-set';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^\+?[0-9]{9,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Returns the canonical personal number or throws AppError with a stable code. */
export function validateIdentity(input: IdentityInput): string {
  if (
    typeof input.birthDate !== 'string' ||
    !ISO_DATE.test(input.birthDate) ||
    Number.isNaN(Date.parse(input.birthDate))
  ) {
    throw new AppError('invalid_request', 'birthDate must be a date as YYYY-MM-DD');
  }
  if (input.sex !== 'male' && input.sex !== 'female')
    throw new AppError('invalid_request', 'sex must be male or female');
  let personalId: string;
  try {
    personalId = parsePersonalId(String(input.personalId ?? ''), { birthDate: input.birthDate, sex: input.sex }).number;
  } catch (error) {
    if (error instanceof PersonalIdError) throw new AppError('invalid_personal_id', error.message, { cause: error });
    throw error;
  }
  if (typeof input.fullName !== 'string' || !input.fullName.trim())
    throw new AppError('invalid_request', 'fullName is required');
  if (input.phone !== undefined && !PHONE.test(input.phone))
    throw new AppError('invalid_request', 'phone must be 9-15 digits');
  if (input.email !== undefined && !EMAIL.test(input.email))
    throw new AppError('invalid_request', 'email is not an address');
  if (input.accountLevel !== undefined && input.accountLevel !== 1 && input.accountLevel !== 2) {
    throw new AppError('invalid_request', 'accountLevel must be 1 or 2');
  }
  return personalId;
}

const text = (value: unknown): string | undefined => {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** One export row to an insertable citizen (without password), or the reason it is rejected. */
export function validateRegistryRow(
  row: ExportRow,
): { citizen: Omit<NewCitizen, 'passwordHash'> } | { error: string; error_description: string } {
  if (!row.fields) return { error: 'invalid_request', error_description: row.parseError ?? 'unreadable row' };
  const f = row.fields;
  const level = text(f.accountLevel);
  const input: IdentityInput = {
    personalId: text(f.personalId) ?? '',
    fullName: text(f.fullName) ?? '',
    familyName: text(f.familyName),
    givenName: text(f.givenName),
    birthDate: text(f.birthDate) ?? '',
    sex: text(f.sex) as Sex,
    phone: text(f.phone),
    email: text(f.email),
    accountLevel: level === undefined ? undefined : (Number(level) as 1 | 2),
  };
  try {
    const personalId = validateIdentity(input);
    return {
      citizen: {
        personalId,
        fullName: input.fullName,
        familyName: input.familyName ?? null,
        givenName: input.givenName ?? null,
        birthDate: input.birthDate,
        sex: input.sex,
        phone: input.phone ?? null,
        email: input.email ?? null,
        accountLevel: input.accountLevel ?? 1,
      },
    };
  } catch (error) {
    if (error instanceof AppError) return { error: error.code, error_description: error.message };
    throw error;
  }
}
