// The 12-digit personal identification number (Identification Law 2023; ../shared/DOMAIN.md):
// digits 1-3 the birth-registration province (the 63 pre-2025 codes, still valid after the
// 2025 merger), digit 4 century and sex, digits 5-6 the birth year's last two digits,
// digits 7-12 random. Every place a number enters goes through parsePersonalId.

export type Sex = 'male' | 'female';

export type PersonalIdErrorCode =
  'personal_id_format' | 'personal_id_province' | 'personal_id_birth_year' | 'personal_id_sex';

export class PersonalIdError extends Error {
  readonly code: PersonalIdErrorCode;

  constructor(code: PersonalIdErrorCode, message: string) {
    super(message);
    this.name = 'PersonalIdError';
    this.code = code;
  }
}

/** Province codes 001-096 in use before the 2025 merger (63 provinces and cities). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '001',
  '002',
  '004',
  '006',
  '008',
  '010',
  '011',
  '012',
  '014',
  '015',
  '017',
  '019',
  '020',
  '022',
  '024',
  '025',
  '026',
  '027',
  '030',
  '031',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '040',
  '042',
  '044',
  '045',
  '046',
  '048',
  '049',
  '051',
  '052',
  '054',
  '056',
  '058',
  '060',
  '062',
  '064',
  '066',
  '067',
  '068',
  '070',
  '072',
  '074',
  '075',
  '077',
  '079',
  '080',
  '082',
  '083',
  '084',
  '086',
  '087',
  '089',
  '091',
  '092',
  '093',
  '094',
  '095',
  '096',
]);

export interface PersonalIdFacts {
  readonly number: string;
  readonly provinceCode: string;
  readonly sex: Sex;
  readonly birthYear: number;
}

export interface KnownPersonFacts {
  readonly birthDate?: string | Date | null;
  readonly sex?: Sex | null;
}

const FULL_WIDTH_ZERO = 0xff10;

/** Trims and maps full-width digits (０-９, common from Vietnamese IMEs) to ASCII. */
export function canonicalisePersonalId(input: string): string {
  return input.trim().replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - FULL_WIDTH_ZERO + 48));
}

function birthYearOf(date: string | Date): number {
  const value = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  return value.getUTCFullYear();
}

/** Decodes a number that has the right shape; throws PersonalIdError with a stable code. */
export function parsePersonalId(input: string, known: KnownPersonFacts = {}): PersonalIdFacts {
  const number = canonicalisePersonalId(input);
  if (!/^[0-9]{12}$/.test(number)) {
    throw new PersonalIdError('personal_id_format', 'the personal identification number must be exactly 12 digits');
  }
  const provinceCode = number.slice(0, 3);
  if (!PROVINCE_CODES.has(provinceCode)) {
    throw new PersonalIdError('personal_id_province', `${provinceCode} is not a known province code`);
  }
  const centuryDigit = Number(number[3]);
  const sex: Sex = centuryDigit % 2 === 0 ? 'male' : 'female';
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(number.slice(4, 6));

  if (known.birthDate) {
    const actualYear = birthYearOf(known.birthDate);
    if (actualYear !== birthYear) {
      throw new PersonalIdError(
        'personal_id_birth_year',
        `the number encodes birth year ${birthYear} but the birth date is in ${actualYear}`,
      );
    }
  } else if (birthYear > new Date().getUTCFullYear()) {
    throw new PersonalIdError('personal_id_birth_year', `the number encodes a future birth year ${birthYear}`);
  }
  if (known.sex && known.sex !== sex) {
    throw new PersonalIdError('personal_id_sex', `the number encodes sex ${sex} but the record says ${known.sex}`);
  }
  return { number, provinceCode, sex, birthYear };
}

/** For a login form: the canonical number when well-formed, else undefined (no reason given). */
export function tryCanonicalPersonalId(input: string): string | undefined {
  try {
    return parsePersonalId(input).number;
  } catch {
    return undefined;
  }
}

/** Singpass-style masked form for display: ********4567. */
export function maskPersonalId(number: string): string {
  return `${'*'.repeat(8)}${number.slice(-4)}`;
}
