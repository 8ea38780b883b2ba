import { describe, expect, it } from 'vitest';
import {
  canonicalisePersonalId,
  maskPersonalId,
  parsePersonalId,
  PersonalIdError,
  PROVINCE_CODES,
  tryCanonicalPersonalId,
} from '../../src/modules/citizens/personal-id.ts';

describe('parsePersonalId', () => {
  it.each([
    ['001085012345', {}, { provinceCode: '001', sex: 'male', birthYear: 1985 }],
    [
      '079190000123',
      { birthDate: '1990-07-01', sex: 'female' },
      { provinceCode: '079', sex: 'female', birthYear: 1990 },
    ],
    ['048205000456', { birthDate: '2005-11-20', sex: 'male' }, { provinceCode: '048', sex: 'male', birthYear: 2005 }],
    ['096301999999', { birthDate: '2001-01-01' }, { provinceCode: '096', sex: 'female', birthYear: 2001 }],
    ['  001085012345 ', {}, { provinceCode: '001', sex: 'male', birthYear: 1985 }],
    ['００１０８５０１２３４５', {}, { provinceCode: '001', sex: 'male', birthYear: 1985 }],
  ] as const)('accepts %s', (input, known, expected) => {
    const facts = parsePersonalId(input, known);
    expect(facts).toMatchObject(expected);
    expect(facts.number).toMatch(/^[0-9]{12}$/);
  });

  it.each([
    ['', {}, 'personal_id_format'],
    ['00108501234', {}, 'personal_id_format'],
    ['0010850123456', {}, 'personal_id_format'],
    ['00108501234a', {}, 'personal_id_format'],
    ['001 085 012 345', {}, 'personal_id_format'],
    ['٠٠١٠٨٥٠١٢٣٤٥', {}, 'personal_id_format'],
    ['000085012345', {}, 'personal_id_province'],
    ['003085012345', {}, 'personal_id_province'],
    ['097085012345', {}, 'personal_id_province'],
    ['001085012345', { birthDate: '1986-01-01' }, 'personal_id_birth_year'],
    ['001285012345', { birthDate: '1985-01-01' }, 'personal_id_birth_year'],
    ['001499012345', {}, 'personal_id_birth_year'],
    ['001085012345', { sex: 'female' }, 'personal_id_sex'],
    ['001190012345', { sex: 'male' }, 'personal_id_sex'],
  ] as const)('rejects %j with %s', (input, known, code) => {
    expect(() => parsePersonalId(input, known)).toThrow(PersonalIdError);
    try {
      parsePersonalId(input, known);
    } catch (error) {
      expect((error as PersonalIdError).code).toBe(code);
    }
  });

  it('knows the 63 pre-2025 province codes', () => {
    expect(PROVINCE_CODES.size).toBe(63);
    expect(PROVINCE_CODES.has('001')).toBe(true);
    expect(PROVINCE_CODES.has('079')).toBe(true);
  });
});

describe('helpers', () => {
  it('canonicalises full-width digits and surrounding spaces', () => {
    expect(canonicalisePersonalId(' ０７９１９００００１２３\n')).toBe('079190000123');
  });

  it('returns undefined for a malformed number at login', () => {
    expect(tryCanonicalPersonalId('not a number')).toBeUndefined();
    expect(tryCanonicalPersonalId('079190000123')).toBe('079190000123');
  });

  it('masks all but the last four digits', () => {
    expect(maskPersonalId('079190000123')).toBe('********0123');
  });
});
