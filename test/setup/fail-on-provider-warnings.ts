// The suite fails on any oidc-provider WARNING or NOTICE: each means a default we meant to
// replace (adapter, TTLs, policies) or an unsupported runtime.
import { afterEach, expect } from 'vitest';

const seen: string[] = [];
for (const method of ['warn', 'info', 'log'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/oidc-provider (WARNING|NOTICE)/.test(text)) seen.push(text);
    original(...args);
  };
}

afterEach(() => {
  expect(seen, 'oidc-provider printed a warning or notice').toEqual([]);
});
