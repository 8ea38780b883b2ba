import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../src/modules/citizens/password-policy.ts';
import { html, SafeHtml } from '../../src/views/html.ts';
import { pickLocale } from '../../src/views/i18n.ts';

describe('passwordProblems', () => {
  it.each([
    ['ChiaKhoa@2026', []],
    ['Mật@khẩu2026', []],
    ['short@1A', []],
    ['Sh@1a', ['length']],
    ['ThisPasswordIs@TooLong1', ['length']],
    ['chiakhoa@2026', ['uppercase']],
    ['CHIAKHOA@2026', ['lowercase']],
    ['ChiaKhoa@abcd', ['digit']],
    ['ChiaKhoa2026', ['symbol']],
  ])('%s -> %j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });
});

describe('html', () => {
  it('escapes interpolated text so a portal name cannot inject markup', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<b>${name}</b>`.value).toBe('<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b>');
  });

  it('keeps SafeHtml and nested templates as they are', () => {
    expect(html`<p>${html`<i>${'a&b'}</i>`}${new SafeHtml('<br>')}</p>`.value).toBe('<p><i>a&amp;b</i><br></p>');
  });
});

describe('pickLocale', () => {
  it.each([
    [[undefined], 'vi'],
    [['en'], 'en'],
    [['fr en'], 'en'],
    [[undefined, 'en-US,en;q=0.9'], 'en'],
    [['vi', 'en-US'], 'vi'],
    [['de', 'fr-FR'], 'vi'],
  ] as const)('%j -> %s', (preferences, expected) => {
    expect(pickLocale(...preferences)).toBe(expected);
  });
});
