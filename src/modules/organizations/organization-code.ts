// Organization codes (Decision 20/2020/QĐ-TTg; ../shared/DOMAIN.md): an enterprise,
// cooperative or household business uses its enterprise/tax code (10 digits; a branch adds
// '-' and 3 digits), a state agency a dotted code of digits and capital letters of at most 35
// characters (e.g. 000.00.00.G01). No checksum is applied: none is confirmed public.

export type OrganizationCodeKind = 'enterprise' | 'agency';

export class OrganizationCodeError extends Error {
  readonly code = 'organization_code_format';
  constructor(message: string) {
    super(message);
    this.name = 'OrganizationCodeError';
  }
}

const ENTERPRISE = /^[0-9]{10}(-[0-9]{3})?$/;
const AGENCY = /^[0-9A-Z]+(\.[0-9A-Z]+)+$/;

export function parseOrganizationCode(input: string): { code: string; kind: OrganizationCodeKind } {
  const code = input.trim().toUpperCase();
  if (ENTERPRISE.test(code)) return { code, kind: 'enterprise' };
  if (AGENCY.test(code)) {
    if (code.length > 35) throw new OrganizationCodeError('an agency code has at most 35 characters');
    return { code, kind: 'agency' };
  }
  throw new OrganizationCodeError(
    'the code must be an enterprise code (10 digits, a branch adds -NNN) or an agency code (digits and capital letters separated by dots, at most 35 characters)',
  );
}
