// npm run test:faults: real servers on loopback, killed, frozen and flooded on purpose. One
// file at a time: each scenario times outages and would disturb the others.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // *.fault.ts, not *.test.ts: `npm test` must not pick them up.
    include: ['test/faults/**/*.fault.ts'],
    setupFiles: ['test/setup/fail-on-provider-warnings.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // As in vitest.config.ts: avoids the V8 wasm code-GC abort seen under PGlite.
    execArgv: ['--no-wasm-code-gc'],
  },
});
