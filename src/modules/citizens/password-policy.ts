// The password rule citizens already know from VNeID: 8-20 characters with upper and lower
// case, a digit and a symbol (../shared/DOMAIN.md).

export type PasswordProblem = 'length' | 'lowercase' | 'uppercase' | 'digit' | 'symbol';

export function passwordProblems(password: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < 8 || length > 20) problems.push('length');
  if (!/\p{Ll}/u.test(password)) problems.push('lowercase');
  if (!/\p{Lu}/u.test(password)) problems.push('uppercase');
  if (!/[0-9]/.test(password)) problems.push('digit');
  if (!/[^\p{L}\p{N}\s]/u.test(password)) problems.push('symbol');
  return problems;
}
