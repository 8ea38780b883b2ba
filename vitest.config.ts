import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fail-on-provider-warnings.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: Chromium and argon2 tests contend; a bounded pool keeps timings sane.
    maxWorkers: 2,
    // PGlite's WebAssembly under V8's wasm code GC can abort the worker with "Check failed:
    // jit_page_->allocations_.erase(addr) == 1" (nodejs/node#64500; seen once in CI here).
    // Keeping tiered-up wasm code instead of collecting it avoids the freeing path that aborts.
    execArgv: ['--no-wasm-code-gc'],
  },
});
