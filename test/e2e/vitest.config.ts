import {resolve} from 'node:path'

import {defineConfig} from 'vitest/config'

/**
 * The browser tests: `vitest run --config test/e2e/vitest.config.ts`. Kept apart from the unit suite (whose
 * default pattern, `*.test.ts`, does not match `*.e2e.ts`) because they build the Studio and drive Chromium.
 */
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['test/e2e/**/*.e2e.ts'],
    // The Studio is built once for every file (test/e2e/buildStudio.ts).
    globalSetup: ['test/e2e/buildStudio.ts', 'test/helpers/analysisCacheDir.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
