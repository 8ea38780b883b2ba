// Authentication context classes: two separate facts in one value. The account level (Decree
// 69/2024: level 1 = identity from the registry, level 2 = verified in person with the
// citizen's card) says who the person is proven to be; the strength says how this sign-in
// proved it (password; a second factor; a phishing-resistant passkey), as login.gov keeps IAL
// and AAL apart. Values are ordered per fact, and a value satisfies every value that is no
// stronger in both (FranceConnect's eidas1 < eidas2 < eidas3 is the one-dimensional model).
// README "Assurance levels" documents the table for portals.

export type AccountLevel = 1 | 2;
export type Strength = 'pwd' | 'mfa' | 'phr';

export interface Assurance {
  readonly level: AccountLevel;
  readonly strength: Strength;
}

const STRENGTH_RANK: Record<Strength, number> = { pwd: 0, mfa: 1, phr: 2 };
export const STRENGTHS: readonly Strength[] = ['pwd', 'mfa', 'phr'];
const PREFIX = 'urn:chiakhoa:acr:';

export function acrOf({ level, strength }: Assurance): string {
  return `${PREFIX}l${level}-${strength}`;
}

/** Every value, weakest first: discovery's acr_values_supported. */
export const ACR_VALUES: readonly string[] = ([1, 2] as const).flatMap((level) =>
  STRENGTHS.map((strength) => acrOf({ level, strength })),
);

export function parseAcr(value: string): Assurance | undefined {
  const match = /^urn:chiakhoa:acr:l([12])-(pwd|mfa|phr)$/.exec(value);
  if (!match) return undefined;
  return { level: Number(match[1]) as AccountLevel, strength: match[2] as Strength };
}

export function strongerOrEqual(a: Strength, b: Strength): boolean {
  return STRENGTH_RANK[a] >= STRENGTH_RANK[b];
}

export function weakest(strengths: readonly Strength[]): Strength | undefined {
  return [...strengths].sort((a, b) => STRENGTH_RANK[a] - STRENGTH_RANK[b])[0];
}

/** `achieved` satisfies `required` when it is at least as strong in both facts. */
export function satisfies(achieved: Assurance, required: Assurance): boolean {
  return achieved.level >= required.level && strongerOrEqual(achieved.strength, required.strength);
}

// RFC 8176 method values. A passkey ('hwk': proof of possession of a hardware-protected key,
// bound to chiakhoa's origin by WebAuthn) cannot be phished; one-time codes and authenticator
// apps can be relayed by a fake site, so they make a sign-in multi-factor but not more.
const SECOND_FACTORS = new Set(['otp', 'sms', 'hwk', 'mfa']);

/** How strong a sign-in was, from the methods it used. */
export function strengthOfAmr(amr: readonly string[] | undefined): Strength {
  const methods = new Set(amr ?? []);
  if (methods.has('hwk')) return 'phr';
  return [...methods].some((method) => SECOND_FACTORS.has(method)) ? 'mfa' : 'pwd';
}

/** The registry's level (a smallint checked to be 1 or 2). */
export function accountLevelOf(citizen: { accountLevel: number } | undefined): AccountLevel | undefined {
  if (!citizen) return undefined;
  return citizen.accountLevel >= 2 ? 2 : 1;
}
